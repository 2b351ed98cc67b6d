/** The rootDSE: naming contexts and supported features. */

import type { RootDse } from '../../../evidence/ldap.ts';
import { LdapError, type LdapSession, num, str, strs } from '../client.ts';

/** The rootDSE (anonymous-readable on AD): naming contexts and supported features. */
export async function readRootDse(s: LdapSession): Promise<RootDse> {
  const e = await s.read('', [
    'defaultNamingContext',
    'configurationNamingContext',
    'schemaNamingContext',
    'rootDomainNamingContext',
    'dnsHostName',
    'serverName',
    'supportedLDAPVersion',
    'supportedControl',
    'domainControllerFunctionality',
    'forestFunctionality',
    'vendorName',
  ]);
  if (!e) throw new LdapError(`rootDSE of ${s.server} returned no entry`, 'LDAP_ERROR');
  const opt = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    ...opt('defaultNamingContext', str(e, 'defaultNamingContext')),
    ...opt('configurationNamingContext', str(e, 'configurationNamingContext')),
    ...opt('schemaNamingContext', str(e, 'schemaNamingContext')),
    ...opt('rootDomainNamingContext', str(e, 'rootDomainNamingContext')),
    ...opt('dnsHostName', str(e, 'dnsHostName')),
    ...opt('serverName', str(e, 'serverName')),
    supportedLDAPVersion: strs(e, 'supportedLDAPVersion'),
    supportedControl: strs(e, 'supportedControl'),
    ...opt('domainControllerFunctionality', num(e, 'domainControllerFunctionality')),
    ...opt('forestFunctionality', num(e, 'forestFunctionality')),
    ...opt('vendorName', str(e, 'vendorName')),
    transport: s.transport,
    bound: s.bound,
  };
}
