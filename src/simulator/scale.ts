/**
 * One organisation made large: its ordinary users copied N times under new names, anchors and
 * GUIDs, consistently on every simulated side, so a scan of the copy must reach the statuses of
 * the original. Pure (no I/O) and linear in the output.
 *
 * An ordinary user is a mail-enabled user: an AD `user` object, or a Graph user, with a mail
 * address or an SMTP proxy address. Everything else stays once: service accounts (svc-mailstore,
 * the scanner's bind account), cloud-only administrators without mail, groups (their `member`
 * lists name the originals only), configuration objects.
 *
 * Copy 0 is the original. Copy k (k ≥ 1) of a user changes:
 *   - names: `alice@contoso.com` → `alice.k@contoso.com` (UPN, mail, SMTP proxies, targetAddress),
 *     `alice` → `alice.k` (sAMAccountName, mailNickname, legacyExchangeDN, other proxies),
 *     `CN=Alice Anders,OU=…` → `CN=Alice Anders k,OU=…` (DN, cn, displayName);
 *   - GUIDs: k XORed into bytes 8–11 (objectGUID, mS-DS-ConsistencyGuid, msExchMailboxGuid, the
 *     Entra object id in msDS-ExternalDirectoryObjectID, onPremisesImmutableId, the Graph id,
 *     Get-Mailbox ExchangeGuid, ArchiveGuid, ExternalDirectoryObjectId). Bytes 8–11 are in text
 *     order in both the AD byte form and the GUID text, so AD msExchMailboxGuid ↔ ExchangeGuid and
 *     the AD anchor ↔ onPremisesImmutableId (its base64) stay equal across sides. The originals'
 *     GUIDs differ outside bytes 8–11, so no two copies collide.
 */
import type { LdifEntry, LdifValue } from './ldap/ldif.ts';

/** `scale:` of scenario.yaml. */
export interface ScaleSpec {
  /** How many times the ordinary users are there in all (1 = the organisation as written). */
  copies: number;
}

const MAX_COPIES = 100_000;

/** `scale:` as written (undefined/null: none); throws on anything but `{ copies: 1…100000 }`. */
export function readScale(value: unknown): ScaleSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const copies = typeof value === 'object' ? (value as { copies?: unknown }).copies : undefined;
  if (
    typeof value !== 'object' ||
    Object.keys(value).some((k) => k !== 'copies') ||
    typeof copies !== 'number' ||
    !Number.isInteger(copies) ||
    copies < 1 ||
    copies > MAX_COPIES
  )
    throw new Error(
      `scale must be { copies: N } with N a whole number from 1 to ${MAX_COPIES}, got ${JSON.stringify(value)}`,
    );
  return { copies };
}

/** A GUID's bytes with `copy` XORed into bytes 8–11 (a new Buffer). */
function guidBytes(bytes: Buffer, copy: number): Buffer {
  if (bytes.length !== 16) return bytes;
  const out = Buffer.from(bytes);
  out.writeUInt32BE((out.readUInt32BE(8) ^ copy) >>> 0, 8);
  return out;
}

function guidB64(value: string, copy: number): string {
  return guidBytes(Buffer.from(value, 'base64'), copy).toString('base64');
}

const GUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{4})-([0-9a-f]{4})[0-9a-f]{8}/i;

/** The same change in GUID text (bytes 8–11 = hex digits 20–27 with dashes), wherever it sits in `value`. */
function guidText(value: string, copy: number): string {
  return value.replace(GUID_TEXT, (guid, d: string, e: string) => {
    const changed = ((Number.parseInt(d + e, 16) ^ copy) >>> 0).toString(16).padStart(8, '0');
    return `${guid.slice(0, 19)}${changed.slice(0, 4)}-${changed.slice(4)}${guid.slice(28)}`;
  });
}

/** `alice@contoso.com` → `alice.7@contoso.com`; a prefix (`SMTP:`) is kept. */
function address(value: string, copy: number): string {
  const at = value.lastIndexOf('@');
  return at < 0 ? `${value}.${copy}` : `${value.slice(0, at)}.${copy}${value.slice(at)}`;
}

/** SMTP proxies as addresses; X500 and other proxies get the suffix. */
function proxy(value: string, copy: number): string {
  return /^smtp:/i.test(value) ? address(value, copy) : `${value}.${copy}`;
}

const suffix = (value: string, copy: number) => `${value}.${copy}`;
const spaced = (value: string, copy: number) => `${value} ${copy}`;

/** `CN=Alice Anders,OU=…` → `CN=Alice Anders 7,OU=…`. */
function dn(value: string, copy: number): string {
  const comma = value.indexOf(',');
  return comma < 0 ? spaced(value, copy) : `${value.slice(0, comma)} ${copy}${value.slice(comma)}`;
}

type Change = (value: string, copy: number) => string;

/** AD attributes (lower case) a copy changes; any other attribute is copied as it is. */
const AD_TEXT: Record<string, Change> = {
  cn: spaced,
  name: spaced,
  displayname: spaced,
  samaccountname: suffix,
  userprincipalname: address,
  mail: address,
  mailnickname: suffix,
  proxyaddresses: proxy,
  targetaddress: proxy,
  legacyexchangedn: suffix,
  'msds-externaldirectoryobjectid': guidText,
};
const AD_GUIDS = new Set(['objectguid', 'ms-ds-consistencyguid', 'msexchmailboxguid', 'msexcharchiveguid']);

function values(e: LdifEntry, name: string): LdifValue[] {
  return e.attributes.find(([k]) => k.toLowerCase() === name)?.[1] ?? [];
}

function isOrdinaryAdUser(e: LdifEntry): boolean {
  const classes = values(e, 'objectclass').map((v) => String(v).toLowerCase());
  if (!classes.includes('user') || classes.includes('computer')) return false;
  return values(e, 'mail').length > 0 || values(e, 'proxyaddresses').some((p) => /^smtp:/i.test(String(p)));
}

function copyAdValue(attr: string, v: LdifValue, copy: number): LdifValue {
  if (AD_GUIDS.has(attr))
    return Buffer.isBuffer(v) ? guidBytes(v, copy) : guidBytes(Buffer.from(v, 'base64'), copy);
  const change = AD_TEXT[attr];
  return change ? change(String(v), copy) : v;
}

function copyAdEntry(e: LdifEntry, copy: number): LdifEntry {
  return {
    dn: dn(e.dn, copy),
    attributes: e.attributes.map(([name, vs]) => {
      const attr = name.toLowerCase();
      // Unchanged values are shared with the original (the Directory copies what it keeps).
      const changes = AD_GUIDS.has(attr) || attr in AD_TEXT;
      return [name, changes ? vs.map((v) => copyAdValue(attr, v, copy)) : vs];
    }),
  };
}

/**
 * The directory with every ordinary user copied: `copies` of each in all (the original first,
 * its copies right after the original's place, the other entries where they were).
 */
export function scaleLdif(entries: readonly LdifEntry[], copies: number): LdifEntry[] {
  const out: LdifEntry[] = [];
  for (const e of entries) {
    out.push(e);
    if (copies > 1 && isOrdinaryAdUser(e)) for (let k = 1; k < copies; k++) out.push(copyAdEntry(e, k));
  }
  return out;
}

/** The fields of a Graph user a copy changes (the simulator's `mailbox`/`userPurpose` stay). */
const GRAPH_TEXT: Record<string, Change> = {
  id: guidText,
  userPrincipalName: address,
  displayName: spaced,
  mail: address,
  mailNickname: suffix,
  onPremisesDistinguishedName: dn,
  onPremisesSamAccountName: suffix,
  onPremisesUserPrincipalName: address,
  onPremisesImmutableId: guidB64,
};

type GraphUserLike = Record<string, unknown> & { userPrincipalName: string };

function isOrdinaryGraphUser(u: GraphUserLike): boolean {
  const proxies = Array.isArray(u.proxyAddresses) ? (u.proxyAddresses as unknown[]) : [];
  return typeof u.mail === 'string' || proxies.some((p) => typeof p === 'string' && /^smtp:/i.test(p));
}

function copyGraphUser<T extends GraphUserLike>(u: T, copy: number): T {
  const out: Record<string, unknown> = { ...u };
  for (const [key, change] of Object.entries(GRAPH_TEXT)) {
    const v = u[key];
    if (typeof v === 'string') out[key] = change(v, copy);
  }
  if (Array.isArray(u.proxyAddresses))
    out.proxyAddresses = (u.proxyAddresses as unknown[]).map((p) =>
      typeof p === 'string' ? proxy(p, copy) : p,
    );
  return out as T;
}

/** Graph `/users` with every ordinary user copied, like {@link scaleLdif} (same names and GUIDs). */
export function scaleGraphUsers<T extends GraphUserLike>(users: readonly T[], copies: number): T[] {
  const out: T[] = [];
  for (const u of users) {
    out.push(u);
    if (copies > 1 && isOrdinaryGraphUser(u)) for (let k = 1; k < copies; k++) out.push(copyGraphUser(u, k));
  }
  return out;
}

/** Get-Mailbox properties a copy changes. */
const EXO_TEXT: Record<string, Change> = {
  PrimarySmtpAddress: address,
  UserPrincipalName: address,
  WindowsEmailAddress: address,
  Alias: suffix,
  DisplayName: spaced,
  Name: spaced,
  ExchangeGuid: guidText,
  ExternalDirectoryObjectId: guidText,
};
const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

function copyExoMailbox(m: Record<string, unknown>, copy: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...m };
  for (const [key, change] of Object.entries(EXO_TEXT)) {
    const v = m[key];
    if (typeof v === 'string') out[key] = change(v, copy);
  }
  // The all-zero ArchiveGuid means "no archive": it stays zero in every copy.
  if (typeof m.ArchiveGuid === 'string' && !ZERO_GUID.test(m.ArchiveGuid))
    out.ArchiveGuid = guidText(m.ArchiveGuid, copy);
  if (Array.isArray(m.EmailAddresses))
    out.EmailAddresses = (m.EmailAddresses as unknown[]).map((p) =>
      typeof p === 'string' ? proxy(p, copy) : p,
    );
  return out;
}

/** A written Get-Mailbox list (`exo/mailboxes.yaml`) with every row copied, like the users it belongs to. */
export function scaleExoMailboxes(
  rows: readonly Record<string, unknown>[],
  copies: number,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const m of rows) {
    out.push(m);
    for (let k = 1; k < copies; k++) out.push(copyExoMailbox(m, k));
  }
  return out;
}
