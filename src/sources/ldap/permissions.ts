import type { AccessTable } from '../access.ts';
import type { LDAP_ARTIFACTS } from './collector.ts';

const CONNECT = 'LDAPS (TCP 636), or LDAP with StartTLS (TCP 389), to the domain controller in ldap.url';
const CONFIGURATION = 'read the configuration partition (any domain user)';
const DOMAIN = 'read the domain partition (any domain user)';

/** Read rights of the bind account, per artifact (any domain user reads most of them by default). */
export const LDAP_ACCESS: AccessTable<(typeof LDAP_ARTIFACTS)[number]> = {
  'ldap.rootDse': { ldap: ['anonymous or authenticated read of the rootDSE'], network: [CONNECT] },
  'ldap.organizations': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.prepLevels': {
    ldap: [CONFIGURATION, 'read the schema partition and each domain partition'],
    network: [CONNECT],
  },
  'ldap.exchangeServers': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.hybridConfiguration': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.acceptedDomains': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.emailAddressPolicies': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.users': { ldap: [DOMAIN], network: [CONNECT] },
  'ldap.mailObjects': { ldap: [DOMAIN], network: [CONNECT] },
  'ldap.autodiscoverScps': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.authServers': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.partnerApplications': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.settingOverrides': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.intraOrgConnectors': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.orgRelationships': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.sendConnectors': { ldap: [CONFIGURATION], network: [CONNECT] },
  'ldap.journalRules': {
    ldap: ['read CN=Transport Settings (msExchTransportRuleXml) in the configuration partition'],
    network: [CONNECT],
  },
  'ldap.transportSettings': {
    ldap: ['read CN=Transport Settings in the configuration partition'],
    network: [CONNECT],
  },
  'ldap.databases': { ldap: ['read msExchPrivateMDB in the configuration partition'], network: [CONNECT] },
  'ldap.roleAssignments': {
    ldap: ['read CN=RBAC of the Exchange organisation and group memberships'],
    network: [CONNECT],
  },
};
