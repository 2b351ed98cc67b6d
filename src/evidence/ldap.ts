/**
 * LDAP artifacts shared with other sources' checks. The LDAP source may add fields and
 * artifacts; keep these names and shapes stable (Graph, DNS and HTTP checks read them).
 * Binary attributes are stored as base64 of their raw bytes (the form Entra's
 * onPremisesImmutableId uses), so a snapshot stays plain JSON.
 */
export interface AdUser {
  dn: string;
  sAMAccountName?: string;
  userPrincipalName?: string;
  mail?: string;
  proxyAddresses: string[];
  /** base64 of objectGUID's 16 bytes. */
  objectGuid: string;
  /** base64 of mS-DS-ConsistencyGuid, when set. */
  consistencyGuid?: string;
  msExchRecipientTypeDetails?: string;
  msExchRemoteRecipientType?: string;
  targetAddress?: string;
  homeMDB?: string;
  /** base64 of msExchMailboxGuid. */
  mailboxGuid?: string;
  userAccountControl?: number;
  // --- added by the LDAP source (optional for snapshots of older versions) ---
  displayName?: string;
  mailNickname?: string;
  msExchRecipientDisplayType?: string;
  legacyExchangeDN?: string;
  msExchHomeServerName?: string;
  /** msDS-ExternalDirectoryObjectID, written back by Entra Connect's Exchange hybrid option. */
  externalDirectoryObjectId?: string;
  msExchArchiveStatus?: string;
  /** base64 of msExchArchiveGUID: the user has an archive mailbox (on-prem or in Exchange Online). */
  archiveGuid?: string;
  archiveName?: string;
  /** msExchArchiveDatabaseLink: the on-prem database of an on-prem archive (absent for a cloud archive). */
  archiveDatabase?: string;
}

/**
 * AdUser fields whose values many users share (one database, server or recipient type for
 * thousands of users): kept as one string instance each in memory (src/util/compact-records.ts).
 */
export const AD_USER_SHARED_FIELDS = [
  'msExchRecipientTypeDetails',
  'msExchRecipientDisplayType',
  'msExchRemoteRecipientType',
  'homeMDB',
  'msExchHomeServerName',
  'msExchArchiveStatus',
  'archiveDatabase',
] as const satisfies readonly (keyof AdUser)[];

export interface AcceptedDomain {
  dn: string;
  name: string;
  /** The domain name (msExchAcceptedDomainName). */
  domain: string;
  /** Authoritative | InternalRelay | ExternalRelay, decoded from msExchAcceptedDomainFlags. */
  type: string;
  isDefault: boolean;
  flags: number;
  /** Decoded flag bits (decompiled AcceptedDomainSchema; unconfirmed). */
  addressBookEnabled?: boolean;
  federated?: boolean;
  outboundOnly?: boolean;
  isCoexistenceDomain?: boolean;
  initialDomain?: boolean;
  matchSubDomains?: boolean;
}

export interface AutodiscoverScp {
  dn: string;
  server: string;
  /** serviceBindingInformation: the Autodiscover URL(s). */
  urls: string[];
  site?: string;
  whenChanged?: string;
  /** `url` (keyword 77378F46-…) or `pointer` (keyword 67661d7F-…). */
  kind?: 'url' | 'pointer';
  keywords?: string[];
  serviceClassName?: string;
}

export interface ExchangeServer {
  dn: string;
  name: string;
  fqdn?: string;
  serialNumber?: string;
  roles: number;
  site?: string;
  // --- added by the LDAP source ---
  versionNumber?: number;
  /** Role names decoded from msExchCurrentServerRoles (Mailbox, ClientAccess, Edge…). */
  roleNames?: string[];
  networkAddress?: string[];
}

/** The rootDSE: naming contexts and what the DC supports. */
export interface RootDse {
  defaultNamingContext?: string;
  configurationNamingContext?: string;
  schemaNamingContext?: string;
  rootDomainNamingContext?: string;
  dnsHostName?: string;
  serverName?: string;
  supportedLDAPVersion: string[];
  supportedControl: string[];
  domainControllerFunctionality?: number;
  forestFunctionality?: number;
  vendorName?: string;
  /** How the scanner reached the DC: ldaps, starttls, or plain ldap (allowInsecure). */
  transport: 'ldaps' | 'starttls' | 'ldap';
  /** Whether the scanner bound with credentials (simple bind) or read anonymously. */
  bound: boolean;
}

export interface ExchangeOrganization {
  dn: string;
  name: string;
  /** base64 of objectGUID. */
  objectGuid?: string;
  /** objectGUID as text (the organisation GUID in ExchangeServerApp-<guid>; unconfirmed). */
  guid?: string;
  objectVersion?: number;
  msExchProductId?: string;
}

export interface PrepLevels {
  /** rangeUpper of ms-Exch-Schema-Version-Pt. */
  schemaVersion?: number;
  /** objectVersion of the organisation container. */
  orgVersion?: number;
  /** objectVersion of Microsoft Exchange System Objects in each domain read. */
  meso: { dn: string; objectVersion?: number }[];
}

/** msExchCoexistenceRelationship (Get-HybridConfiguration); attribute names decompiled. */
export interface HybridConfiguration {
  dn: string;
  domains: string[];
  featureFlags?: number;
  features: string[];
  tlsCertificateName?: string;
  onPremisesSmartHost?: string;
  clientAccessServers: string[];
  sendingTransportServers: string[];
  receivingTransportServers: string[];
  edgeTransportServers: string[];
  externalIpAddresses: string[];
  /** msExchManagementSettings bits 0–4: 0 = worldwide, 1 = 21Vianet. */
  serviceInstance?: number;
  whenChanged?: string;
}

export interface EmailAddressPolicy {
  dn: string;
  name: string;
  /** Enabled address templates (gatewayProxy), e.g. SMTP:@contoso.com. */
  templates: string[];
  /** Disabled templates (disabledGatewayProxy). */
  disabledTemplates: string[];
  recipientFilter?: string;
  /** LDAP filter the policy applies (purportedSearch). */
  purportedSearch?: string;
  order?: string;
}

/** A mail-enabled object other than a user (group, contact, public folder…). */
export interface AdMailObject {
  dn: string;
  objectClass: string[];
  mail?: string;
  proxyAddresses: string[];
  targetAddress?: string;
}

export interface AuthServer {
  dn: string;
  name: string;
  metadataUrl?: string;
  issuerName?: string;
  realm?: string;
  applicationIdentifier?: string;
  type?: string;
  flags?: number;
  enabled: boolean;
  isDefaultAuthorizationEndpoint: boolean;
  authorizationUrl?: string;
}

export interface PartnerApplication {
  dn: string;
  name: string;
  applicationIdentifier?: string;
  metadataUrl?: string;
  realm?: string;
  /** Enabled when msExchAuthFlags bit 0 is set or the attribute is absent (unconfirmed). */
  enabled: boolean;
  flags?: number;
}

/** A configuration object whose attribute names are unconfirmed: every attribute as text. */
export interface AdGenericObject {
  dn: string;
  name: string;
  objectClass: string[];
  /** Attribute name (as the server spells it) → values; binary values as `base64:<data>`. */
  attributes: Record<string, string[]>;
}

export interface JournalRule {
  dn: string;
  name: string;
  priority?: number;
  whenChanged?: string;
  xml?: string;
  /** Read from msExchTransportRuleXml; Enabled/Scope encoding is unconfirmed. */
  parsed?: {
    ruleName?: string;
    /** From an `enabled` or `mode` attribute of <rule>, when present. */
    enabled?: boolean;
    mode?: string;
    /** <argument value="…"> of the Journal action, `SMTP:` prefix removed. */
    recipients: string[];
    /** Element names used in <condition> (isInternal, isExternal, isSameUser…); empty = all mail. */
    conditions: string[];
    /** Values that limit the rule to certain users (condition arguments). */
    scopeValues: string[];
  };
  parseError?: string;
}

export interface TransportSettings {
  dn: string;
  /** msExchJournalingReportNdrTo (decompiled). */
  journalingReportNdrTo?: string;
}

export interface MailboxDatabase {
  dn: string;
  name: string;
  /** msExchMessageJournalRecipient: per-database (standard) journaling target DN. */
  journalRecipient?: string;
  /** The journal recipient object, resolved: a mailbox (local journaling) or a contact (external). */
  journalRecipientObject?: {
    objectClass: string[];
    mail?: string;
    /** A mail contact's external address (SMTP:…), e.g. the archive gateway's. */
    targetAddress?: string;
    /** False when the DN points to an object that no longer exists. */
    exists: boolean;
  };
  server?: string;
}

export interface RoleAssignment {
  dn: string;
  name: string;
  /** msExchRoleLink: the role's DN. */
  role: string;
  roleName: string;
  /** msExchUserLink: the user or role group the role is assigned to. */
  assignee: string;
  flags?: number;
  /** How the configured account gets the role: directly, or through a group it belongs to. */
  via?: 'direct' | 'group';
}

export interface RoleAssignments {
  /** The configured `ldap.archivingServiceAccount`, as given. */
  configuredAccount?: string;
  account?: { dn: string; sAMAccountName?: string; userPrincipalName?: string; groups: string[] };
  /** Assignments that reach the configured account (direct or via group membership). */
  assignments: RoleAssignment[];
  /** Every assignment of the ApplicationImpersonation role (who could archive). */
  impersonation: RoleAssignment[];
}

/** The artifacts the ldap source writes, by key. */
export interface LdapArtifacts {
  'ldap.users': AdUser[];
  'ldap.acceptedDomains': AcceptedDomain[];
  'ldap.autodiscoverScps': AutodiscoverScp[];
  'ldap.exchangeServers': ExchangeServer[];
  'ldap.rootDse': RootDse;
  'ldap.organizations': ExchangeOrganization[];
  'ldap.prepLevels': PrepLevels;
  /** null when the HybridConfiguration object does not exist. */
  'ldap.hybridConfiguration': HybridConfiguration | null;
  'ldap.emailAddressPolicies': EmailAddressPolicy[];
  'ldap.mailObjects': AdMailObject[];
  'ldap.authServers': AuthServer[];
  'ldap.partnerApplications': PartnerApplication[];
  'ldap.settingOverrides': AdGenericObject[];
  'ldap.intraOrgConnectors': AdGenericObject[];
  'ldap.orgRelationships': AdGenericObject[];
  'ldap.sendConnectors': AdGenericObject[];
  'ldap.journalRules': JournalRule[];
  /** null when the Transport Settings container is absent. */
  'ldap.transportSettings': TransportSettings | null;
  'ldap.databases': MailboxDatabase[];
  'ldap.roleAssignments': RoleAssignments;
}
