/**
 * The LDAP readers, one module per concern under ./read/ (rootDSE, configuration-partition
 * objects, recipients, OAuth, transport and journaling, RBAC); re-exported here for importers.
 */

export { readAuthServers, readPartnerApplications } from './read/auth.ts';
export {
  exchangeRoot,
  type Naming,
  readGeneric,
  SCP_POINTER_KEYWORD,
  SCP_URL_KEYWORD,
} from './read/common.ts';
export {
  readAcceptedDomains,
  readAutodiscoverScps,
  readDatabases,
  readEmailAddressPolicies,
  readHybridConfiguration,
  readOrganizations,
  readPrepLevels,
  readServers,
} from './read/configuration.ts';
export { readRoleAssignments } from './read/rbac.ts';
export { readMailObjects, readUsers, toAdUser, USER_ATTRIBUTES } from './read/recipients.ts';
export { readRootDse } from './read/root-dse.ts';
export { parseJournalRuleXml, readJournalRules, readTransportSettings } from './read/transport.ts';
