/** The artifacts the Graph source produces and the fields it reads of each object ($select). */
import type { ArtifactKey } from '../../evidence/index.ts';

export const GRAPH_ARTIFACTS = [
  'graph.tokenPermissions',
  'graph.organization',
  'graph.domains',
  'graph.domainRecords',
  'graph.users',
  'graph.mailboxProbes',
  'graph.archiveApp',
  'graph.resourceServicePrincipals',
  'graph.hybridApps',
  'graph.exoServicePrincipal',
] as const satisfies readonly ArtifactKey[];

/** Fields the checks read, and nothing more ($select always). */
export const SELECT = {
  organization: [
    'id',
    'displayName',
    'onPremisesSyncEnabled',
    'onPremisesLastSyncDateTime',
    'verifiedDomains',
    'assignedPlans',
  ],
  domains: ['id', 'isVerified', 'isDefault', 'isInitial', 'authenticationType', 'supportedServices'],
  users: [
    'id',
    'userPrincipalName',
    'displayName',
    'mail',
    'proxyAddresses',
    'accountEnabled',
    'onPremisesSyncEnabled',
    'onPremisesImmutableId',
    'onPremisesDistinguishedName',
    'onPremisesSamAccountName',
    'onPremisesUserPrincipalName',
    'onPremisesProvisioningErrors',
    'serviceProvisioningErrors',
    'assignedPlans',
  ],
  application: [
    'id',
    'appId',
    'displayName',
    'signInAudience',
    'requiredResourceAccess',
    'web',
    'publicClient',
    'keyCredentials',
    'passwordCredentials',
  ],
  servicePrincipal: ['id', 'appId', 'displayName', 'accountEnabled', 'appRoleAssignmentRequired'],
  resourceSp: ['id', 'appId', 'displayName', 'appRoles'],
  exoSp: ['id', 'appId', 'displayName', 'keyCredentials', 'servicePrincipalNames'],
  assignment: ['id', 'appRoleId', 'resourceId', 'resourceDisplayName', 'principalId', 'createdDateTime'],
} as const;

export type ArtifactRunner = (
  key: (typeof GRAPH_ARTIFACTS)[number],
  work: () => Promise<unknown>,
) => Promise<boolean>;
