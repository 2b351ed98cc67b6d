/**
 * msExchRecipientTypeDetails (AD) / RecipientTypeDetails (Exchange cmdlets): the one copy of the
 * values and of what counts as a mailbox on which side. The enum is a [Flags] enum whose members
 * are consecutive powers of two in the order Microsoft documents them
 * (learn.microsoft.com, "RecipientTypeDetails enumeration", Microsoft.Exchange.Data.Directory.Recipient).
 *
 * A LinkedMailbox (2) is a mailbox in this Exchange organisation whose owner signs in with an
 * account of another forest (learn.microsoft.com, "Manage linked mailboxes"): it is an on-premises
 * mailbox and is archived like a UserMailbox.
 */

export const RECIPIENT_TYPE = {
  UserMailbox: 1n,
  LinkedMailbox: 2n,
  SharedMailbox: 4n,
  LegacyMailbox: 8n,
  RoomMailbox: 16n,
  EquipmentMailbox: 32n,
  MailContact: 64n,
  MailUser: 128n,
  MailUniversalDistributionGroup: 256n,
  MailNonUniversalGroup: 512n,
  MailUniversalSecurityGroup: 1024n,
  DynamicDistributionGroup: 2048n,
  PublicFolder: 4096n,
  SystemAttendantMailbox: 8192n,
  SystemMailbox: 16384n,
  MailForestContact: 32768n,
  User: 65536n,
  Contact: 131072n,
  UniversalDistributionGroup: 262144n,
  UniversalSecurityGroup: 524288n,
  NonUniversalGroup: 1048576n,
  DisabledUser: 2097152n,
  MicrosoftExchange: 4194304n,
  ArbitrationMailbox: 8388608n,
  MailboxPlan: 16777216n,
  LinkedUser: 33554432n,
  RoomList: 268435456n,
  DiscoveryMailbox: 536870912n,
  RoleGroup: 1073741824n,
  RemoteUserMailbox: 2147483648n,
  Computer: 4294967296n,
  RemoteRoomMailbox: 8589934592n,
  RemoteEquipmentMailbox: 17179869184n,
  RemoteSharedMailbox: 34359738368n,
  PublicFolderMailbox: 68719476736n,
  TeamMailbox: 137438953472n,
  RemoteTeamMailbox: 274877906944n,
  MonitoringMailbox: 549755813888n,
  GroupMailbox: 1099511627776n,
} as const;

type RecipientTypeName = keyof typeof RECIPIENT_TYPE;

/** Mailboxes hosted by on-premises Exchange that an archiving profile covers. */
const ONPREM_MAILBOX_TYPES: ReadonlySet<bigint> = new Set([
  RECIPIENT_TYPE.UserMailbox,
  RECIPIENT_TYPE.LinkedMailbox,
  RECIPIENT_TYPE.SharedMailbox,
  RECIPIENT_TYPE.RoomMailbox,
  RECIPIENT_TYPE.EquipmentMailbox,
]);

/** On-premises objects of mailboxes that live in Exchange Online (Enable-RemoteMailbox, moves). */
const REMOTE_MAILBOX_TYPES: ReadonlySet<bigint> = new Set([
  RECIPIENT_TYPE.RemoteUserMailbox,
  RECIPIENT_TYPE.RemoteRoomMailbox,
  RECIPIENT_TYPE.RemoteEquipmentMailbox,
  RECIPIENT_TYPE.RemoteSharedMailbox,
]);

/** Where AD says a recipient's mailbox is. */
type RecipientKind = 'onprem-mailbox' | 'remote-mailbox' | 'public-folder-mailbox' | 'other' | 'none';

/** Parsed values by raw value: a directory holds a handful of distinct types across all its users. */
const PARSED = new Map<string | number, bigint | undefined>();
const PARSED_MAX = 1024;

/** An AD attribute value (decimal text, as LDAP returns it) → bigint; undefined when absent or not a number. */
function parseRecipientType(value: string | number | bigint | undefined | null): bigint | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'bigint') return value;
  const known = PARSED.get(value);
  if (known !== undefined || PARSED.has(value)) return known;
  let parsed: bigint | undefined;
  try {
    parsed = BigInt(String(value).trim());
  } catch {
    parsed = undefined;
  }
  if (PARSED.size < PARSED_MAX) PARSED.set(value, parsed);
  return parsed;
}

/** Kinds of the values seen (a handful per organisation): one lookup per user instead of bigint sets. */
const KIND = new Map<string | number, RecipientKind>();

export function recipientKind(value: string | number | bigint | undefined | null): RecipientKind {
  if (typeof value === 'string' || typeof value === 'number') {
    const known = KIND.get(value);
    if (known !== undefined) return known;
    const kind = kindOf(value);
    if (KIND.size < PARSED_MAX) KIND.set(value, kind);
    return kind;
  }
  return kindOf(value);
}

function kindOf(value: string | number | bigint | undefined | null): RecipientKind {
  const v = parseRecipientType(value);
  if (v === undefined) return 'none';
  if (ONPREM_MAILBOX_TYPES.has(v)) return 'onprem-mailbox';
  if (REMOTE_MAILBOX_TYPES.has(v)) return 'remote-mailbox';
  if (v === RECIPIENT_TYPE.PublicFolderMailbox) return 'public-folder-mailbox';
  return 'other';
}

/** True for a mailbox on either side (on-premises or remote). */
export function isUserFacingMailbox(value: string | number | bigint | undefined | null): boolean {
  const k = recipientKind(value);
  return k === 'onprem-mailbox' || k === 'remote-mailbox';
}

const NAME_OF = new Map<bigint, RecipientTypeName>(
  Object.entries(RECIPIENT_TYPE).map(([name, v]) => [v, name as RecipientTypeName]),
);
const VALUE_OF = new Map<string, bigint>(
  Object.entries(RECIPIENT_TYPE).map(([name, v]) => [name.toLowerCase(), v]),
);

/** The documented name of a value; hex for a value the enum does not name; undefined when absent. */
export function recipientTypeName(value: string | number | bigint | undefined | null): string | undefined {
  const v = parseRecipientType(value);
  if (v === undefined) return undefined;
  return NAME_OF.get(v) ?? `0x${v.toString(16)}`;
}

/** Exchange Online's RecipientTypeDetails text (Get-EXOMailbox) → the same value AD stores. */
export function recipientTypeFromName(name: string | undefined | null): bigint | undefined {
  return name ? VALUE_OF.get(name.trim().toLowerCase()) : undefined;
}
