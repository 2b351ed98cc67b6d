/** Normalised LDAP entries and typed reads of their attributes. */
import type { Entry } from 'ldapts';

/** One normalised entry: attribute names lower-cased, every value an array. */
export interface LdapEntry {
  dn: string;
  attrs: Map<string, (string | Buffer)[]>;
  /**
   * Attribute names as the server spelled them, by lower-case name: only for a search of every
   * attribute (`*`), whose names nobody listed (readGeneric); a map per user entry would be paid
   * for and never read. Undefined otherwise.
   */
  names: Map<string, string> | undefined;
}

/** Whether a search for `attributes` keeps the server's spelling of the names (see LdapEntry.names). */
export function keepsSpelling(attributes: readonly string[]): boolean {
  return attributes.length === 0 || attributes.includes('*');
}

/** How the server spelled the attribute `key` (lower-case) of `entry`, when the entry kept it. */
export function spelling(entry: LdapEntry, key: string): string {
  return entry.names?.get(key) ?? key;
}

export function normalizeEntry(e: Entry, spelled: boolean): LdapEntry {
  const attrs = new Map<string, (string | Buffer)[]>();
  const names = spelled ? new Map<string, string>() : undefined;
  for (const name of Object.keys(e)) {
    if (name === 'dn') continue;
    const raw = e[name]!;
    const list = (Array.isArray(raw) ? raw : [raw]) as (string | Buffer)[];
    if (list.length === 0) continue; // ldapts fills requested-but-absent attributes with []
    const key = name.toLowerCase();
    // The entry's own array (ldapts makes one per attribute of each message); a copy only to merge.
    const earlier = attrs.get(key);
    attrs.set(key, earlier ? [...earlier, ...list] : list);
    names?.set(key, name);
  }
  return { dn: e.dn, attrs, names };
}

/**
 * Lower-case attribute names, memoised: the readers ask for the same few names per entry, and
 * the entry decoder meets the same few types in every entry.
 */
const lowerNames = new Map<string, string>();
export function lowerName(name: string): string {
  let key = lowerNames.get(name);
  if (key === undefined) {
    key = name.toLowerCase();
    if (lowerNames.size < 1000) lowerNames.set(name, key);
  }
  return key;
}

function text(v: string | Buffer): string {
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

export function strings(values: (string | Buffer)[] | undefined): string[] {
  return (values ?? []).map(text);
}

/** The first value as text (only it is converted). */
export function str(entry: LdapEntry, name: string): string | undefined {
  const v = entry.attrs.get(lowerName(name))?.[0];
  return v === undefined ? undefined : text(v);
}

export function strs(entry: LdapEntry, name: string): string[] {
  return strings(entry.attrs.get(lowerName(name)));
}

export function num(entry: LdapEntry, name: string): number | undefined {
  const v = str(entry, name);
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** base64 of a binary attribute's raw bytes. */
export function b64(entry: LdapEntry, name: string): string | undefined {
  const v = entry.attrs.get(lowerName(name))?.[0];
  if (v === undefined) return undefined;
  return (Buffer.isBuffer(v) ? v : Buffer.from(v, 'binary')).toString('base64');
}
