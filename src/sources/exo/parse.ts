import type {
  ExoAcceptedDomain,
  ExoDkimSigningConfig,
  ExoInboundConnector,
  ExoIntraOrgConnector,
  ExoJournalRule,
  ExoMailbox,
  ExoOrganizationConfig,
  ExoOrgRelationship,
  ExoOutboundConnector,
} from '../../evidence/exo.ts';

/** Decodes what PowerShell writes: UTF-8 (with or without BOM) or UTF-16 LE/BE (with or without BOM). */
export function decodeExport(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return swap16(b.subarray(2)).toString('utf16le');
  // No BOM: ASCII JSON in UTF-16 has a NUL in every other byte.
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return b.toString('utf16le');
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return swap16(b).toString('utf16le');
  return b.toString('utf8');
}

function swap16(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return out.swap16();
}

/** Parses an export: empty output (no objects) is `[]`; one object becomes a one-element list. */
export function parseExportJson(text: string): Record<string, unknown>[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const value: unknown = JSON.parse(trimmed);
  const list = Array.isArray(value) ? value : [value];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new Error(`item ${i} is ${item === null ? 'null' : typeof item}, expected an object`);
  });
  return list as Record<string, unknown>[];
}

/** A case-insensitive property read (PowerShell property names are case-insensitive). */
function prop(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** An SmtpAddress / recipient id as exported: a string, or an object with Address/Name; `<>` = unset. */
function addressValue(value: unknown): string | undefined {
  let text: unknown = value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    text = prop(o, 'Address') ?? prop(o, 'PrimarySmtpAddress') ?? prop(o, 'Name') ?? prop(o, 'Identity');
  }
  if (typeof text !== 'string') return undefined;
  const t = text.trim().replace(/^smtp:/i, '');
  return t === '' || t === '<>' ? undefined : t;
}

function boolValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return /^true$/i.test(value.trim());
  return undefined;
}

export function toJournalRule(obj: Record<string, unknown>, index: number): ExoJournalRule {
  const name = prop(obj, 'Name') ?? prop(obj, 'Identity');
  const scope = prop(obj, 'Scope');
  const rule: ExoJournalRule = { name: typeof name === 'string' && name ? name : `rule ${index + 1}` };
  const enabled = boolValue(prop(obj, 'Enabled'));
  if (enabled !== undefined) rule.enabled = enabled;
  if (typeof scope === 'string' || typeof scope === 'number') rule.scope = scope;
  const recipient = addressValue(prop(obj, 'Recipient'));
  if (recipient) rule.recipient = recipient;
  const journal = addressValue(prop(obj, 'JournalEmailAddress'));
  if (journal) rule.journalEmailAddress = journal;
  return rule;
}

export function ndrToValue(list: Record<string, unknown>[]): { value?: string; raw?: unknown } {
  const first = list[0];
  if (!first) return {};
  const raw = prop(first, 'JournalingReportNdrTo');
  const value = addressValue(raw);
  return { ...(value ? { value } : {}), ...(raw !== undefined ? { raw } : {}) };
}

/** A text value: strings as they are, numbers/booleans printed, objects by Address/Name/Domain. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const inner =
      prop(o, 'Address') ??
      prop(o, 'Domain') ??
      prop(o, 'Name') ??
      prop(o, 'Value') ??
      prop(o, 'AbsoluteUri');
    return inner === undefined ? undefined : text(inner);
  }
  return undefined;
}

/** A MultiValuedProperty: an array, one value, or PowerShell's space/comma-joined text. */
function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map(text).filter((v): v is string => v !== undefined);
}

const str = (o: Record<string, unknown>, name: string) => text(prop(o, name));
const bool = (o: Record<string, unknown>, name: string) => boolValue(prop(o, name));

/** Only defined values, so absent properties stay absent (not `undefined` keys in the snapshot). */
function compact<T extends object>(o: T): T {
  // A copy rather than `delete`: deleting a property turns a V8 object into a hash table
  // (dictionary mode), about 2.5× the memory of the copy — per user, at 100k users.
  const out = {} as T;
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** One Get-Mailbox row, reduced to the contract fields; undefined without a primary address. */
export function toMailbox(o: Record<string, unknown>): ExoMailbox | undefined {
  const primarySmtpAddress = str(o, 'PrimarySmtpAddress');
  if (!primarySmtpAddress) return undefined;
  return compact({
    primarySmtpAddress,
    userPrincipalName: str(o, 'UserPrincipalName'),
    recipientTypeDetails: str(o, 'RecipientTypeDetails') ?? 'UserMailbox',
    exchangeGuid: str(o, 'ExchangeGuid'),
    archiveStatus: str(o, 'ArchiveStatus'),
    archiveGuid: str(o, 'ArchiveGuid'),
    isDirSynced: bool(o, 'IsDirSynced'),
    litigationHoldEnabled: bool(o, 'LitigationHoldEnabled'),
    externalDirectoryObjectId: str(o, 'ExternalDirectoryObjectId'),
    emailAddresses: list(prop(o, 'EmailAddresses')),
  });
}

/** The Get-Mailbox properties the scanner asks for ($select): the contract fields only. */
export const MAILBOX_PROPERTIES = [
  'PrimarySmtpAddress',
  'UserPrincipalName',
  'RecipientTypeDetails',
  'ExchangeGuid',
  'ArchiveStatus',
  'ArchiveGuid',
  'IsDirSynced',
  'LitigationHoldEnabled',
  'ExternalDirectoryObjectId',
  'EmailAddresses',
] as const;

export function toAcceptedDomain(o: Record<string, unknown>): ExoAcceptedDomain | undefined {
  const domainName = str(o, 'DomainName') ?? str(o, 'Name');
  if (!domainName) return undefined;
  return compact({
    domainName,
    domainType: str(o, 'DomainType') ?? 'Authoritative',
    default: bool(o, 'Default'),
  });
}

/** Null stays null (never set), absent stays absent. */
function nullable(o: Record<string, unknown>, name: string): string | null | undefined {
  const v = prop(o, name);
  return v === null ? null : text(v);
}

export function toOrganizationConfig(o: Record<string, unknown>): Omit<ExoOrganizationConfig, 'origin'> {
  const ews = prop(o, 'EwsEnabled');
  const appIdsKey = Object.keys(o).find((k) => k.toLowerCase() === 'ewsallowedappids');
  return compact({
    ewsEnabled: ews === null ? null : boolValue(ews),
    ewsEnabledKnown: Object.keys(o).some((k) => k.toLowerCase() === 'ewsenabled'),
    ewsApplicationAccessPolicy: nullable(o, 'EwsApplicationAccessPolicy'),
    ewsAllowList: list(prop(o, 'EwsAllowList')),
    ewsBlockList: list(prop(o, 'EwsBlockList')),
    ewsAllowedAppIds: appIdsKey ? (list(o[appIdsKey]) ?? []) : undefined,
    ewsAllowedAppIdsKnown: appIdsKey !== undefined,
    oauth2ClientProfileEnabled: bool(o, 'OAuth2ClientProfileEnabled'),
  });
}

const named = (o: Record<string, unknown>, i: number, kind: string) =>
  str(o, 'Name') ?? str(o, 'Identity') ?? `${kind} ${i + 1}`;

export function toInboundConnector(o: Record<string, unknown>, i: number): ExoInboundConnector {
  return compact({
    name: named(o, i, 'inbound connector'),
    enabled: bool(o, 'Enabled') ?? true,
    connectorType: str(o, 'ConnectorType') ?? 'Partner',
    connectorSource: str(o, 'ConnectorSource'),
    senderDomains: list(prop(o, 'SenderDomains')),
    senderIPAddresses: list(prop(o, 'SenderIPAddresses')),
    requireTls: bool(o, 'RequireTls'),
    restrictDomainsToCertificate: bool(o, 'RestrictDomainsToCertificate'),
    restrictDomainsToIPAddresses: bool(o, 'RestrictDomainsToIPAddresses'),
    tlsSenderCertificateName: str(o, 'TlsSenderCertificateName'),
    cloudServicesMailEnabled: bool(o, 'CloudServicesMailEnabled'),
    treatMessagesAsInternal: bool(o, 'TreatMessagesAsInternal'),
  });
}

export function toOutboundConnector(o: Record<string, unknown>, i: number): ExoOutboundConnector {
  return compact({
    name: named(o, i, 'outbound connector'),
    enabled: bool(o, 'Enabled') ?? true,
    connectorType: str(o, 'ConnectorType') ?? 'Partner',
    connectorSource: str(o, 'ConnectorSource'),
    recipientDomains: list(prop(o, 'RecipientDomains')),
    smartHosts: list(prop(o, 'SmartHosts')),
    useMxRecord: bool(o, 'UseMXRecord'),
    tlsSettings: nullable(o, 'TlsSettings'),
    tlsDomain: str(o, 'TlsDomain'),
    cloudServicesMailEnabled: bool(o, 'CloudServicesMailEnabled'),
    isTransportRuleScoped: bool(o, 'IsTransportRuleScoped'),
    allAcceptedDomains: bool(o, 'AllAcceptedDomains'),
  });
}

export function toIntraOrgConnector(o: Record<string, unknown>, i: number): ExoIntraOrgConnector {
  return compact({
    name: named(o, i, 'intra-organization connector'),
    enabled: bool(o, 'Enabled') ?? true,
    targetAddressDomains: list(prop(o, 'TargetAddressDomains')) ?? [],
    discoveryEndpoint: str(o, 'DiscoveryEndpoint'),
    targetSharingEpr: str(o, 'TargetSharingEpr'),
  });
}

export function toOrgRelationship(o: Record<string, unknown>, i: number): ExoOrgRelationship {
  return compact({
    name: named(o, i, 'organization relationship'),
    enabled: bool(o, 'Enabled') ?? true,
    domainNames: list(prop(o, 'DomainNames')) ?? [],
    freeBusyAccessEnabled: bool(o, 'FreeBusyAccessEnabled'),
    freeBusyAccessLevel: str(o, 'FreeBusyAccessLevel'),
    targetApplicationUri: str(o, 'TargetApplicationUri'),
    targetAutodiscoverEpr: str(o, 'TargetAutodiscoverEpr'),
    targetSharingEpr: str(o, 'TargetSharingEpr'),
    targetOwaUrl: str(o, 'TargetOwaURL'),
    mailboxMoveEnabled: bool(o, 'MailboxMoveEnabled'),
  });
}

export function toDkimSigningConfig(o: Record<string, unknown>, i: number): ExoDkimSigningConfig {
  return compact({
    domain: str(o, 'Domain') ?? str(o, 'Name') ?? `domain ${i + 1}`,
    enabled: bool(o, 'Enabled') ?? false,
    status: str(o, 'Status'),
    selector1Cname: str(o, 'Selector1CNAME'),
    selector2Cname: str(o, 'Selector2CNAME'),
  });
}
