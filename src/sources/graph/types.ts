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

declare module '../../engine/artifacts.ts' {
  interface ArtifactMap {
    'graph.organization': GraphOrganization;
    'graph.domains': GraphDomain[];
    /** serviceConfigurationRecords per domain id. */
    'graph.domainRecords': Record<string, GraphDnsRecord[]>;
    'graph.users': GraphUser[];
  }
}
