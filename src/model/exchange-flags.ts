/**
 * Decoders for Exchange's numeric AD attributes. Bit layouts come from decompiled
 * Microsoft.Exchange.Data.Directory enums (catalogue §5); each is marked where unconfirmed.
 */

/** msExchRecipientTypeDetails values (RecipientTypeDetails enum). */
export const RECIPIENT_TYPE = {
  UserMailbox: 1n,
  LinkedMailbox: 2n,
  SharedMailbox: 4n,
  LegacyMailbox: 8n,
  RoomMailbox: 16n,
  EquipmentMailbox: 32n,
  MailContact: 64n,
  MailUser: 128n,
  RemoteUserMailbox: 2147483648n,
  RemoteRoomMailbox: 8589934592n,
  RemoteEquipmentMailbox: 17179869184n,
  RemoteSharedMailbox: 34359738368n,
} as const;

export type RecipientKind = 'onprem-mailbox' | 'remote-mailbox' | 'other' | 'none';

/** On-prem mailbox types SetupAssist checks: User, Shared, Room, Equipment (mask 53). */
export const ONPREM_MAILBOX_MASK = 1n | 4n | 16n | 32n;
export const REMOTE_MAILBOX_TYPES: ReadonlySet<bigint> = new Set<bigint>([
  RECIPIENT_TYPE.RemoteUserMailbox,
  RECIPIENT_TYPE.RemoteRoomMailbox,
  RECIPIENT_TYPE.RemoteEquipmentMailbox,
  RECIPIENT_TYPE.RemoteSharedMailbox,
]);

export function parseBig(value: string | number | undefined | null): bigint | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return BigInt(String(value).trim());
  } catch {
    return undefined;
  }
}

export function recipientKind(typeDetails: string | undefined): RecipientKind {
  const v = parseBig(typeDetails);
  if (v === undefined) return 'none';
  if (REMOTE_MAILBOX_TYPES.has(v)) return 'remote-mailbox';
  if ((v & ONPREM_MAILBOX_MASK) !== 0n && v < 64n) return 'onprem-mailbox';
  return 'other';
}

export function recipientTypeName(typeDetails: string | undefined): string | undefined {
  const v = parseBig(typeDetails);
  if (v === undefined) return undefined;
  const hit = Object.entries(RECIPIENT_TYPE).find(([, n]) => n === v);
  return hit ? hit[0] : `0x${v.toString(16)}`;
}

/** msExchRemoteRecipientType bits (RemoteRecipientType enum, decompiled). */
export const REMOTE_RECIPIENT_BITS: [number, string][] = [
  [1, 'ProvisionMailbox'],
  [2, 'ProvisionArchive'],
  [4, 'Migrated'],
  [8, 'DeprovisionMailbox'],
  [16, 'DeprovisionArchive'],
  [32, 'RoomMailbox'],
  [64, 'EquipmentMailbox'],
  [128, 'TeamMailbox'],
];

export function decodeBits(value: number | undefined, bits: readonly [number, string][]): string[] {
  if (value === undefined || !Number.isFinite(value)) return [];
  return bits.filter(([bit]) => (value & bit) !== 0).map(([, name]) => name);
}

/** msExchCurrentServerRoles bits (ServerRole enum, decompiled). */
export const SERVER_ROLE_BITS: [number, string][] = [
  [1, 'Cafe'],
  [2, 'Mailbox'],
  [4, 'ClientAccess'],
  [16, 'UnifiedMessaging'],
  [32, 'HubTransport'],
  [64, 'Edge'],
  [16384, 'FrontendTransport'],
];

export const SERVER_ROLE = { Mailbox: 2, Edge: 64 } as const;

/** msExchCoexistenceFeatureFlags bits (HybridConfiguration Features, decompiled). */
export const HYBRID_FEATURE_BITS: [number, string][] = [
  [1, 'FreeBusy'],
  [2, 'MoveMailbox'],
  [4, 'Mailtips'],
  [8, 'MessageTracking'],
  [16, 'OwaRedirection'],
  [32, 'OnlineArchive'],
  [64, 'SecureMail'],
  [128, 'CentralizedTransportOnPrem'],
  [256, 'CentralizedTransportInCloud'],
  [512, 'Photos'],
];

export const HYBRID_FEATURE = { SecureMail: 64 } as const;

/** msExchAcceptedDomainFlags, decoded (bits 0–1 = type; mapping unconfirmed). */
export function decodeAcceptedDomainFlags(flags: number) {
  const typeBits = flags & 3;
  const type = typeBits === 0 ? 'Authoritative' : typeBits === 1 ? 'ExternalRelay' : 'InternalRelay';
  return {
    type,
    isDefault: (flags & 4) !== 0,
    addressBookEnabled: (flags & 8) !== 0,
    federated: (flags & 32) !== 0,
    outboundOnly: (flags & 256) !== 0,
    isCoexistenceDomain: (flags & 2048) !== 0,
    initialDomain: (flags & 32768) !== 0,
    matchSubDomains: (flags & 65536) !== 0,
  };
}

/** msExchAuthFlags: bit 0 Enabled, bit 1 IsDefaultAuthorizationEndpoint (decompiled). */
export function decodeAuthFlags(flags: number | undefined): { enabled: boolean; isDefault: boolean } {
  if (flags === undefined) return { enabled: true, isDefault: false };
  return { enabled: (flags & 1) !== 0, isDefault: (flags & 2) !== 0 };
}

/** The SMTP addresses of a proxyAddresses list, lower-cased, with the primary first. */
export function smtpAddresses(proxyAddresses: readonly string[]): { primary?: string; all: string[] } {
  let primary: string | undefined;
  const all: string[] = [];
  for (const p of proxyAddresses) {
    const m = p.match(/^smtp:(.+)$/i);
    if (!m) continue;
    const addr = m[1]!.trim().toLowerCase();
    if (p.startsWith('SMTP:')) primary ??= addr;
    all.push(addr);
  }
  return { ...(primary ? { primary } : {}), all };
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The tenant's coexistence (routing) domain: contoso.onmicrosoft.com → contoso.mail.onmicrosoft.com. */
export function coexistenceDomainFor(tenant: string | undefined): string | undefined {
  const m = tenant?.toLowerCase().match(/^([a-z0-9-]+)\.onmicrosoft\.com$/);
  return m ? `${m[1]}.mail.onmicrosoft.com` : undefined;
}
