/**
 * Graph artifacts shared with other sources' checks. The Graph source may add fields and
 * artifacts; keep these names and shapes stable (LDAP and DNS checks read them).
 */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  displayName?: string | null;
  mail?: string | null;
  proxyAddresses: string[];
  accountEnabled?: boolean | null;
  onPremisesSyncEnabled?: boolean | null;
  /** base64 of the source anchor bytes (mS-DS-ConsistencyGuid or objectGUID). */
  onPremisesImmutableId?: string | null;
  onPremisesDistinguishedName?: string | null;
  onPremisesSamAccountName?: string | null;
  onPremisesUserPrincipalName?: string | null;
  onPremisesProvisioningErrors?: {
    category?: string;
    occurredDateTime?: string;
    propertyCausingError?: string;
    value?: string;
  }[];
  serviceProvisioningErrors?: {
    createdDateTime?: string;
    isResolved?: boolean;
    serviceInstance?: string;
    errorDetail?: string;
  }[];
  assignedPlans?: {
    capabilityStatus?: string;
    service?: string;
    servicePlanId?: string;
    assignedDateTime?: string;
  }[];
}

export interface GraphDomain {
  id: string;
  isVerified: boolean;
  isDefault?: boolean;
  isInitial?: boolean;
  authenticationType?: string;
  supportedServices: string[];
}

/** A serviceConfigurationRecord: what Microsoft expects in DNS for a domain. */
export interface GraphDnsRecord {
  recordType: string;
  label: string;
  supportedService?: string;
  isOptional?: boolean;
  ttl?: number;
  mailExchange?: string;
  preference?: number;
  text?: string;
  canonicalName?: string;
}

export interface GraphOrganization {
  id: string;
  displayName?: string;
  onPremisesSyncEnabled?: boolean | null;
  onPremisesLastSyncDateTime?: string | null;
  verifiedDomains?: {
    name: string;
    type?: string;
    capabilities?: string;
    isDefault?: boolean;
    isInitial?: boolean;
  }[];
  assignedPlans?: {
    capabilityStatus?: string;
    service?: string;
    servicePlanId?: string;
    assignedDateTime?: string;
  }[];
}

/** A key (certificate) credential of an application or service principal. */
export interface GraphKeyCredential {
  keyId?: string;
  type?: string;
  usage?: string;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  customKeyIdentifier?: string | null;
}

/** A password (client secret) credential; the secret itself is never returned by Graph. */
export interface GraphPasswordCredential {
  keyId?: string;
  displayName?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
  /** Graph's first characters of the secret: dropped by the collector, never in a snapshot. */
  hint?: string | null;
}

export interface GraphRequiredResourceAccess {
  resourceAppId: string;
  resourceAccess: { id: string; type: string }[];
}

export interface GraphApplication {
  id: string;
  appId: string;
  displayName?: string | null;
  signInAudience?: string | null;
  requiredResourceAccess: GraphRequiredResourceAccess[];
  web?: { redirectUris?: string[] } | null;
  publicClient?: { redirectUris?: string[] } | null;
  keyCredentials: GraphKeyCredential[];
  passwordCredentials: GraphPasswordCredential[];
}

export interface GraphAppRoleAssignment {
  id?: string;
  appRoleId: string;
  resourceId: string;
  resourceDisplayName?: string | null;
  principalId?: string;
  createdDateTime?: string | null;
}

export interface GraphAppRole {
  id: string;
  value?: string | null;
  displayName?: string | null;
  allowedMemberTypes?: string[];
  isEnabled?: boolean;
}

export interface GraphServicePrincipal {
  id: string;
  appId: string;
  displayName?: string | null;
  accountEnabled?: boolean | null;
  appRoleAssignmentRequired?: boolean | null;
  keyCredentials?: GraphKeyCredential[];
  servicePrincipalNames?: string[];
  appRoles?: GraphAppRole[];
}

/** An application with its service principal and the app roles granted to it (admin consent). */
export interface GraphAppInfo {
  appId: string;
  /** null: Graph answered 404 (not registered in this tenant). */
  application: GraphApplication | null;
  servicePrincipal: GraphServicePrincipal | null;
  appRoleAssignments: GraphAppRoleAssignment[];
}

/** What the scan's own access token carries (decoded claims, never the token). */
export interface GraphTokenPermissions {
  /** application: client credentials (roles); delegated: device code sign-in (scp). */
  mode: 'application' | 'delegated';
  /** How the scan authenticated. */
  auth: 'secret' | 'certificate' | 'device-code';
  roles: string[];
  scopes: string[];
  appId?: string;
  tenantId?: string;
  /** Signed-in user (delegated only). */
  user?: string;
  expiresOn?: string;
  /** Permissions the collector wanted (the sum over what it reads) that the token lacks. */
  missing: string[];
}

/** One mailboxSettings probe: whether the user has an Exchange Online mailbox. */
export interface GraphMailboxProbe {
  userId: string;
  userPrincipalName: string;
  /** Why this user was probed (see README: suspects only). */
  reason: string;
  /** cloud: mailboxSettings answered (an Exchange Online mailbox); not-in-cloud: 404 MailboxNotEnabledForRESTAPI and the like (on-prem mailbox in a hybrid, or no mailbox); error: unknown. */
  mailbox: 'cloud' | 'not-in-cloud' | 'error';
  httpStatus?: number;
  code?: string;
  userPurpose?: string;
}

/** The artifacts the graph source writes, by key. */
export interface GraphArtifacts {
  'graph.organization': GraphOrganization;
  'graph.domains': GraphDomain[];
  /** serviceConfigurationRecords per domain id. */
  'graph.domainRecords': Record<string, GraphDnsRecord[]>;
  'graph.users': GraphUser[];
  /** Roles/scopes of the scan identity's token, and which wanted permissions it lacks. */
  'graph.tokenPermissions': GraphTokenPermissions;
  /** mailboxSettings probes of suspect users only, keyed by lower-case UPN. */
  'graph.mailboxProbes': Record<string, GraphMailboxProbe>;
  /** The archiving app (`mailstore.appId`): application, service principal, granted roles. */
  'graph.archiveApp': GraphAppInfo;
  /** Resource service principals (Microsoft Graph, Office 365 Exchange Online) by appId, with appRoles. */
  'graph.resourceServicePrincipals': Record<string, GraphServicePrincipal>;
  /** Dedicated Exchange hybrid applications (`ExchangeServerApp-*`) with SPs and granted roles. */
  'graph.hybridApps': GraphAppInfo[];
  /** The Office 365 Exchange Online first-party service principal (keyCredentials, SPNs). */
  'graph.exoServicePrincipal': GraphServicePrincipal | null;
}
