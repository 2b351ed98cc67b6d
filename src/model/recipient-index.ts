/**
 * Recipients by SMTP address, built once per recipient list and memoised on the list itself (a
 * WeakMap keyed by the artifact's array), so every check and every journal rule that looks an
 * address up shares one index instead of searching the list again.
 *
 * The comparison is the journaling checks' own: the `mail` attribute lower-cased, and every proxy
 * address with an `smtp:` prefix (either case) with the prefix cut and lower-cased; nothing is
 * trimmed. The first recipient in list order that carries an address owns it.
 */

interface Recipient {
  mail?: string | null;
  proxyAddresses: readonly string[];
}

const indexes = new WeakMap<readonly Recipient[], Map<string, Recipient>>();
/** Lookups answered by a scan so far, per list: a few scans cost less than one index at 100k. */
const scans = new WeakMap<readonly Recipient[], number>();
/** After this many scans of one list, its index is built (journal rules ask a handful of addresses). */
const SCANS_BEFORE_INDEX = 4;

/**
 * The key of an `smtp:` proxy address (either case): the address after the prefix, lower-cased;
 * undefined for any other value. The same test as /^smtp:/i (ASCII letters only), without a
 * regular expression per value.
 */
function smtpKeyOf(p: unknown): string | undefined {
  return typeof p === 'string' && p.charCodeAt(4) === 58 && p.slice(0, 4).toLowerCase() === 'smtp'
    ? p.slice(5).toLowerCase()
    : undefined;
}

/** The first recipient in list order carrying `key` (lower-cased): what the index answers, by a scan. */
function scan<T extends Recipient>(list: readonly T[], key: string): T | undefined {
  for (const r of list) {
    if (typeof r.mail === 'string' && r.mail.toLowerCase() === key) return r;
    for (const p of r.proxyAddresses ?? []) if (smtpKeyOf(p) === key) return r;
  }
  return undefined;
}

function build<T extends Recipient>(list: readonly T[]): Map<string, T> {
  const index = new Map<string, T>();
  const claim = (key: string, r: T) => {
    if (!index.has(key)) index.set(key, r);
  };
  for (const r of list) {
    if (typeof r.mail === 'string') claim(r.mail.toLowerCase(), r);
    for (const p of r.proxyAddresses ?? []) {
      const key = smtpKeyOf(p);
      if (key !== undefined) claim(key, r);
    }
  }
  return index;
}

/** The first recipient of `list` whose mail or SMTP proxy address is `address` (compared lower-cased). */
export function recipientByAddress<T extends Recipient>(
  list: readonly T[] | undefined,
  address: string,
): T | undefined {
  if (!list || list.length === 0) return undefined;
  let index = indexes.get(list) as Map<string, T> | undefined;
  if (!index) {
    const scanned = scans.get(list) ?? 0;
    if (scanned < SCANS_BEFORE_INDEX) {
      scans.set(list, scanned + 1);
      return scan(list, address.toLowerCase());
    }
    index = build(list);
    indexes.set(list, index);
  }
  return index.get(address.toLowerCase());
}
