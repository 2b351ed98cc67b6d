/**
 * Decoders for Exchange's numeric AD attributes. Bit layouts come from decompiled
 * Microsoft.Exchange.Data.Directory enums (catalogue §5); each is marked where unconfirmed.
 */

// Recipient types: src/model/recipient-types.ts (one copy, documented values).

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
