/** Exchange objects of the configuration partition: organisation, servers, domains, SCPs, databases. */

import type {
  AcceptedDomain,
  AutodiscoverScp,
  EmailAddressPolicy,
  ExchangeOrganization,
  ExchangeServer,
  HybridConfiguration,
  MailboxDatabase,
  PrepLevels,
} from '../../../evidence/ldap.ts';
import {
  decodeAcceptedDomainFlags,
  decodeBits,
  HYBRID_FEATURE_BITS,
  SERVER_ROLE_BITS,
} from '../../../model/exchange-flags.ts';
import { guidBase64ToText } from '../../../model/guid.ts';
import { b64, type LdapSession, num, str, strs } from '../client.ts';

import {
  clean,
  exchangeRoot,
  type Naming,
  nameOf,
  optionalSearch,
  SCP_POINTER_KEYWORD,
  SCP_URL_KEYWORD,
} from './common.ts';

export async function readOrganizations(s: LdapSession, n: Naming): Promise<ExchangeOrganization[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    scope: 'one',
    filter: '(objectCategory=msExchOrganizationContainer)',
    attributes: ['name', 'cn', 'objectGUID', 'objectVersion', 'msExchProductID'],
  });
  return entries.map((e) => {
    const guid = b64(e, 'objectGUID');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      objectGuid: guid,
      guid: guid ? guidBase64ToText(guid) : undefined,
      objectVersion: num(e, 'objectVersion'),
      msExchProductId: str(e, 'msExchProductID'),
    });
  });
}

export async function readPrepLevels(
  s: LdapSession,
  n: Naming,
  org: ExchangeOrganization | undefined,
): Promise<PrepLevels> {
  const schema = await optionalSearch(s, n.schema, {
    scope: 'one',
    filter: '(&(name=ms-Exch-Schema-Version-Pt)(objectCategory=attributeSchema))',
    attributes: ['rangeUpper'],
  });
  const meso = await optionalSearch(s, n.domain, {
    scope: 'sub',
    filter: '(objectCategory=msExchSystemObjectsContainer)',
    attributes: ['objectVersion'],
  });
  return clean({
    schemaVersion: schema[0] ? num(schema[0], 'rangeUpper') : undefined,
    orgVersion: org?.objectVersion,
    meso: meso.map((e) => clean({ dn: e.dn, objectVersion: num(e, 'objectVersion') })),
  });
}

export async function readServers(s: LdapSession, n: Naming): Promise<ExchangeServer[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectCategory=msExchExchangeServer)',
    attributes: [
      'name',
      'cn',
      'serialNumber',
      'versionNumber',
      'msExchCurrentServerRoles',
      'networkAddress',
      'msExchServerSite',
      'dNSHostName',
    ],
  });
  return entries.map((e) => {
    const roles = num(e, 'msExchCurrentServerRoles') ?? 0;
    const net = strs(e, 'networkAddress');
    const fqdn =
      str(e, 'dNSHostName') ?? net.find((a) => /^ncacn_ip_tcp:/i.test(a))?.replace(/^ncacn_ip_tcp:/i, '');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      fqdn,
      serialNumber: str(e, 'serialNumber'),
      roles,
      roleNames: decodeBits(roles, SERVER_ROLE_BITS),
      site: str(e, 'msExchServerSite'),
      versionNumber: num(e, 'versionNumber'),
      networkAddress: net.length ? net : undefined,
    });
  });
}

export async function readHybridConfiguration(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<HybridConfiguration | null> {
  const e = await s.read(
    `CN=Hybrid Configuration,${org.dn}`,
    ['*'],
    '(objectClass=msExchCoexistenceRelationship)',
  );
  if (!e) return null;
  const flags = num(e, 'msExchCoexistenceFeatureFlags');
  const mgmt = num(e, 'msExchManagementSettings');
  return clean({
    dn: e.dn,
    domains: strs(e, 'msExchCoexistenceDomains'),
    featureFlags: flags,
    features: decodeBits(flags, HYBRID_FEATURE_BITS),
    tlsCertificateName: str(e, 'msExchCoexistenceSecureMailCertificateThumbprint'),
    onPremisesSmartHost: str(e, 'msExchCoexistenceOnPremisesSmartHost'),
    clientAccessServers: strs(e, 'msExchCoexistenceServers'),
    sendingTransportServers: strs(e, 'msExchCoexistenceTransportServers'),
    receivingTransportServers: strs(e, 'msExchCoexistenceFrontendTransportServers'),
    edgeTransportServers: strs(e, 'msExchCoexistenceEdgeTransportServers'),
    externalIpAddresses: strs(e, 'msExchCoexistenceExternalIPAddresses'),
    serviceInstance: mgmt === undefined ? undefined : mgmt & 0x1f,
    whenChanged: str(e, 'whenChanged'),
  });
}

export async function readAcceptedDomains(s: LdapSession, n: Naming): Promise<AcceptedDomain[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectCategory=msExchAcceptedDomain)',
    attributes: ['name', 'cn', 'msExchAcceptedDomainName', 'msExchAcceptedDomainFlags'],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAcceptedDomainFlags') ?? 0;
    return {
      dn: e.dn,
      name: nameOf(e),
      domain: (str(e, 'msExchAcceptedDomainName') ?? nameOf(e)).toLowerCase(),
      flags,
      ...decodeAcceptedDomainFlags(flags),
    };
  });
}

export async function readEmailAddressPolicies(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<EmailAddressPolicy[]> {
  const entries = await optionalSearch(s, `CN=Recipient Policies,${org.dn}`, {
    filter: '(objectClass=msExchRecipientPolicy)',
    attributes: [
      'name',
      'cn',
      'gatewayProxy',
      'disabledGatewayProxy',
      'msExchRecipientFilter',
      'purportedSearch',
      'msExchPolicyOrder',
    ],
  });
  return entries.map((e) =>
    clean({
      dn: e.dn,
      name: nameOf(e),
      templates: strs(e, 'gatewayProxy'),
      disabledTemplates: strs(e, 'disabledGatewayProxy'),
      recipientFilter: str(e, 'msExchRecipientFilter'),
      purportedSearch: str(e, 'purportedSearch'),
      order: str(e, 'msExchPolicyOrder'),
    }),
  );
}

export async function readAutodiscoverScps(s: LdapSession, n: Naming): Promise<AutodiscoverScp[]> {
  const entries = await s.search(n.configuration, {
    filter: `(&(objectClass=serviceConnectionPoint)(|(keywords=${SCP_URL_KEYWORD})(keywords=${SCP_POINTER_KEYWORD})))`,
    attributes: ['name', 'cn', 'serviceBindingInformation', 'keywords', 'serviceClassName', 'whenChanged'],
  });
  return entries.map((e) => {
    const keywords = strs(e, 'keywords');
    const site = keywords.find((k) => /^site=/i.test(k))?.replace(/^site=/i, '');
    // SCP DN: CN=<server>,CN=Autodiscover,CN=Protocols,CN=<server>,CN=Servers,…
    const server = e.dn.match(/CN=Protocols,CN=((?:\\.|[^,\\])+),/i)?.[1] ?? nameOf(e);
    const pointer = keywords.some((k) => k.toLowerCase() === SCP_POINTER_KEYWORD.toLowerCase());
    return clean({
      dn: e.dn,
      server,
      urls: strs(e, 'serviceBindingInformation'),
      site,
      whenChanged: str(e, 'whenChanged'),
      kind: pointer ? ('pointer' as const) : ('url' as const),
      keywords,
      serviceClassName: str(e, 'serviceClassName'),
    });
  });
}

export async function readDatabases(s: LdapSession, n: Naming): Promise<MailboxDatabase[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectClass=msExchPrivateMDB)',
    attributes: ['name', 'cn', 'msExchMessageJournalRecipient', 'msExchOwningServer'],
  });
  const out: MailboxDatabase[] = [];
  for (const e of entries) {
    const journalRecipient = str(e, 'msExchMessageJournalRecipient');
    let journalRecipientObject: MailboxDatabase['journalRecipientObject'];
    if (journalRecipient) {
      const r = await s.read(journalRecipient, ['objectClass', 'mail', 'targetAddress']);
      journalRecipientObject = r
        ? clean({
            objectClass: strs(r, 'objectClass'),
            mail: str(r, 'mail'),
            targetAddress: str(r, 'targetAddress'),
            exists: true,
          })
        : { objectClass: [], exists: false };
    }
    out.push(
      clean({
        dn: e.dn,
        name: nameOf(e),
        journalRecipient,
        journalRecipientObject,
        server: str(e, 'msExchOwningServer'),
      }),
    );
  }
  return out;
}
