/**
 * Exchange Online configuration: read live (the Exchange Online Admin API, and the opt-in
 * InvokeCommand endpoint for the cmdlets the Admin API lacks) or from an administrator-supplied
 * export folder (`exchangeOnline.exportDir`). Every artifact says where it came from (`origin`):
 * a finding built on an export is "evidence: supplied", the scanner read a file, not the tenant.
 * When both exist, live wins.
 *
 * File names and the PowerShell that produces them (Exchange Online PowerShell, Connect-ExchangeOnline):
 *
 *   journal-rules.json
 *     Get-JournalRule | Select-Object Name,Enabled,@{n='Scope';e={"$($_.Scope)"}},
 *       @{n='Recipient';e={"$($_.Recipient)"}},@{n='JournalEmailAddress';e={"$($_.JournalEmailAddress)"}} |
 *       ConvertTo-Json | Out-File journal-rules.json -Encoding utf8
 *
 *   transport-config.json
 *     Get-TransportConfig | Select-Object @{n='JournalingReportNdrTo';e={"$($_.JournalingReportNdrTo)"}} |
 *       ConvertTo-Json | Out-File transport-config.json -Encoding utf8
 *
 * A plain `Get-JournalRule | ConvertTo-Json` is accepted too: a single object or an array, UTF-8
 * with or without BOM or UTF-16 (what `>` writes in Windows PowerShell), SmtpAddress values as
 * strings or as objects with an `Address` field, Scope as a name or as the enum's number.
 */

export const EXO_FILES = {
  journalRules: 'journal-rules.json',
  transportConfig: 'transport-config.json',
  organizationConfig: 'organization-config.json',
  acceptedDomains: 'accepted-domains.json',
  mailboxes: 'mailboxes.json',
  inboundConnectors: 'inbound-connectors.json',
  outboundConnectors: 'outbound-connectors.json',
  intraOrgConnectors: 'intra-org-connectors.json',
  orgRelationships: 'org-relationships.json',
  dkimSigningConfig: 'dkim-signing-config.json',
} as const;

export interface ExoJournalRule {
  name: string;
  /** Absent when the export left out the Enabled column. */
  enabled?: boolean;
  /** Global | Internal | External as exported (a number is mapped by the checks). */
  scope?: string | number;
  /** The one user or group the rule is limited to; absent/empty = every recipient. */
  recipient?: string;
  journalEmailAddress?: string;
}

/** Where an Exchange Online artifact came from. */
export type ExoOrigin =
  /** The Exchange Online Admin API (`/adminapi/v2.0/<tenant>/<Endpoint>`), documented preview. */
  | { via: 'admin-api'; cmdlet: string }
  /** The InvokeCommand endpoint the EXO PowerShell module uses (opt-in, undocumented). */
  | { via: 'invoke-command'; cmdlet: string }
  /** An administrator-supplied export file. */
  | { via: 'export'; file: string };

export interface ExoJournalRules {
  /** Absolute path of the file read (exports only; snapshots before `origin` always have it). */
  file?: string;
  /** Absent in snapshots written before the live source: those are exports. */
  origin?: ExoOrigin;
  rules: ExoJournalRule[];
}

export interface ExoTransportConfig {
  file?: string;
  origin?: ExoOrigin;
  /** Absent when unset (PowerShell shows `<>`). */
  journalingReportNdrTo?: string;
  /** The raw value as exported, for evidence. */
  raw?: unknown;
}

/** One row of Get-EXOMailbox / the Admin API `Mailbox` endpoint. */
export interface ExoMailbox {
  primarySmtpAddress: string;
  userPrincipalName?: string;
  /** Exchange Online's RecipientTypeDetails text: UserMailbox, SharedMailbox, RoomMailbox, … */
  recipientTypeDetails: string;
  exchangeGuid?: string;
  /** Active | None | … as Exchange Online prints ArchiveStatus. */
  archiveStatus?: string;
  archiveGuid?: string;
  isDirSynced?: boolean;
  litigationHoldEnabled?: boolean;
  /** The Entra object id of the mailbox owner. */
  externalDirectoryObjectId?: string;
  /** EmailAddresses as Exchange prints them (`SMTP:` primary, `smtp:` secondary, X500:, …). */
  emailAddresses?: string[];
}

export interface ExoMailboxList {
  origin: ExoOrigin;
  /** Every page was read: the list is the whole organisation, not a prefix of it. */
  complete: boolean;
  mailboxes: ExoMailbox[];
}

/** Get-AcceptedDomain of Exchange Online. */
export interface ExoAcceptedDomain {
  domainName: string;
  /** Authoritative | InternalRelay | ExternalRelay */
  domainType: string;
  default?: boolean;
}

export interface ExoAcceptedDomains {
  origin: ExoOrigin;
  domains: ExoAcceptedDomain[];
}

/** The Get-OrganizationConfig fields the checks read (Exchange Online). */
export interface ExoOrganizationConfig {
  origin: ExoOrigin;
  /**
   * EwsEnabled: true, false, or null/absent = never set. Microsoft: tenants that never set it are
   * blocked from 2026-10-01 (data/microsoft-deadlines.json ews-blocked-exo).
   */
  ewsEnabled?: boolean | null;
  /**
   * Whether the reply carried the EwsEnabled property at all: the Admin API's OrganizationConfig
   * keeps only its core (MailTips) properties once out of preview. false = not seen, not "never set".
   */
  ewsEnabledKnown?: boolean;
  /** EnforceAllowList | EnforceBlockList | null (user-agent lists, the older mechanism). */
  ewsApplicationAccessPolicy?: string | null;
  ewsAllowList?: string[];
  ewsBlockList?: string[];
  /** EwsAllowedAppIDs: when non-empty (and EWS enabled), only these app ids may use EWS. */
  ewsAllowedAppIds?: string[];
  /** Whether the org-config reply carried the EwsAllowedAppIDs property at all (rolling out). */
  ewsAllowedAppIdsKnown?: boolean;
  /** OAuth2ClientProfileEnabled (modern auth for clients). */
  oauth2ClientProfileEnabled?: boolean;
}

/** Get-InboundConnector row. */
export interface ExoInboundConnector {
  name: string;
  enabled: boolean;
  /** OnPremises | Partner */
  connectorType: string;
  /** HybridWizard | Default | AdminUI | … */
  connectorSource?: string;
  senderDomains?: string[];
  senderIPAddresses?: string[];
  requireTls?: boolean;
  restrictDomainsToCertificate?: boolean;
  restrictDomainsToIPAddresses?: boolean;
  /** TlsSenderCertificateName: the subject/SAN name the on-prem certificate must carry. */
  tlsSenderCertificateName?: string;
  cloudServicesMailEnabled?: boolean;
  treatMessagesAsInternal?: boolean;
}

/** Get-OutboundConnector row. */
export interface ExoOutboundConnector {
  name: string;
  enabled: boolean;
  connectorType: string;
  connectorSource?: string;
  recipientDomains?: string[];
  smartHosts?: string[];
  useMxRecord?: boolean;
  /** EncryptionOnly | CertificateValidation | DomainValidation | null */
  tlsSettings?: string | null;
  tlsDomain?: string;
  cloudServicesMailEnabled?: boolean;
  isTransportRuleScoped?: boolean;
  allAcceptedDomains?: boolean;
}

/** Get-IntraOrganizationConnector row (Exchange Online side). */
export interface ExoIntraOrgConnector {
  name: string;
  enabled: boolean;
  targetAddressDomains: string[];
  discoveryEndpoint?: string;
  targetSharingEpr?: string;
}

/** Get-OrganizationRelationship row (Exchange Online side). */
export interface ExoOrgRelationship {
  name: string;
  enabled: boolean;
  domainNames: string[];
  freeBusyAccessEnabled?: boolean;
  freeBusyAccessLevel?: string;
  targetApplicationUri?: string;
  targetAutodiscoverEpr?: string;
  targetSharingEpr?: string;
  targetOwaUrl?: string;
  mailboxMoveEnabled?: boolean;
}

/** Get-DkimSigningConfig row. */
export interface ExoDkimSigningConfig {
  domain: string;
  enabled: boolean;
  status?: string;
  selector1Cname?: string;
  selector2Cname?: string;
}

/** A list read by one cmdlet, with where it came from. */
export interface ExoList<T> {
  origin: ExoOrigin;
  items: T[];
}

/** The artifacts the exo source writes, by key. */
export interface ExoArtifacts {
  /** The whole mailbox list (Admin API `Mailbox`, paged; or a Get-EXOMailbox export). */
  'exo.mailboxes': ExoMailboxList;
  'exo.acceptedDomains': ExoAcceptedDomains;
  'exo.organizationConfig': ExoOrganizationConfig;
  'exo.inboundConnectors': ExoList<ExoInboundConnector>;
  'exo.outboundConnectors': ExoList<ExoOutboundConnector>;
  'exo.intraOrgConnectors': ExoList<ExoIntraOrgConnector>;
  'exo.orgRelationships': ExoList<ExoOrgRelationship>;
  'exo.dkimSigningConfig': ExoList<ExoDkimSigningConfig>;
  /** Get-JournalRule of Exchange Online (supplied export). */
  'exo.journalRules': ExoJournalRules;
  /** Get-TransportConfig of Exchange Online, JournalingReportNdrTo (supplied export). */
  'exo.transportConfig': ExoTransportConfig;
}
