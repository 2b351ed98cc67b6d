/** OAuth configuration: auth servers and partner applications. */

import type { AuthServer, ExchangeOrganization, PartnerApplication } from '../../../evidence/ldap.ts';
import { decodeAuthFlags } from '../../../model/exchange-flags.ts';
import { type LdapSession, num, str } from '../client.ts';

import { clean, nameOf, optionalSearch } from './common.ts';

export async function readAuthServers(s: LdapSession, org: ExchangeOrganization): Promise<AuthServer[]> {
  const entries = await optionalSearch(s, `CN=Auth Servers,CN=Auth Configuration,${org.dn}`, {
    filter: '(objectClass=msExchAuthAuthServer)',
    attributes: [
      'name',
      'cn',
      'msExchAuthMetadataUrl',
      'msExchAuthIssuerName',
      'msExchAuthRealm',
      'msExchAuthApplicationIdentifier',
      'msExchAuthAuthServerType',
      'msExchAuthFlags',
      'msExchAuthAuthorizationUrl',
    ],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAuthFlags');
    const f = decodeAuthFlags(flags);
    return clean({
      dn: e.dn,
      name: nameOf(e),
      metadataUrl: str(e, 'msExchAuthMetadataUrl'),
      issuerName: str(e, 'msExchAuthIssuerName'),
      realm: str(e, 'msExchAuthRealm'),
      applicationIdentifier: str(e, 'msExchAuthApplicationIdentifier'),
      type: str(e, 'msExchAuthAuthServerType'),
      flags,
      enabled: f.enabled,
      isDefaultAuthorizationEndpoint: f.isDefault,
      authorizationUrl: str(e, 'msExchAuthAuthorizationUrl'),
    });
  });
}

export async function readPartnerApplications(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<PartnerApplication[]> {
  const entries = await optionalSearch(s, `CN=Partner Applications,CN=Auth Configuration,${org.dn}`, {
    filter: '(objectClass=msExchAuthPartnerApplication)',
    attributes: [
      'name',
      'cn',
      'msExchAuthApplicationIdentifier',
      'msExchAuthMetadataUrl',
      'msExchAuthRealm',
      'msExchAuthFlags',
    ],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAuthFlags');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      applicationIdentifier: str(e, 'msExchAuthApplicationIdentifier'),
      metadataUrl: str(e, 'msExchAuthMetadataUrl'),
      realm: str(e, 'msExchAuthRealm'),
      flags,
      enabled: decodeAuthFlags(flags).enabled,
    });
  });
}
