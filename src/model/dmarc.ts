/**
 * DMARC records and policy discovery as RFC 9989 (DMARCbis, which obsoletes RFC 7489) defines
 * them: the record grammar, and the DNS Tree Walk that replaces the Public Suffix List for finding
 * the policy that applies to a domain and its Organizational Domain.
 */

/** RFC 9989 §4.7 grammar: "v" is case-insensitive, the value "DMARC1" is not; nothing before it. */
const VERSION = /^[vV][ \t]*=[ \t]*DMARC1[ \t]*(;|$)/;

export function isDmarcRecord(txt: string): boolean {
  return VERSION.test(txt);
}

const POLICIES = new Set(['none', 'quarantine', 'reject']);

interface DmarcRecord {
  /** Tag names lower-cased; values trimmed. Unknown tags are kept but mean nothing (§4.7). */
  tags: Record<string, string>;
  /** Why receivers may treat the record as invalid: duplicate or malformed tags. */
  problems: string[];
}

/** A report URI (RFC 9989 §4.7 rua/ruf): a URI with a scheme; `!size` is obsolete but tolerated. */
function uriProblem(uri: string): string | undefined {
  const bare = uri.replace(/![0-9]+[kmgt]?$/i, '');
  const scheme = bare.match(/^([a-z][a-z0-9+.-]*):(.*)$/i);
  if (!scheme) return `"${uri}" is not a URI (write mailto:${uri.includes('@') ? uri : 'address'})`;
  if (scheme[1]!.toLowerCase() === 'mailto' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(scheme[2]!))
    return `"${uri}" is not a mailto: address`;
  return undefined;
}

/** Parses a record that passed isDmarcRecord; every malformed known tag is a problem. */
export function parseDmarc(record: string): DmarcRecord {
  const tags: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of record.split(';')) {
    const item = part.trim();
    if (!item) continue;
    const m = item.match(/^([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*)$/);
    if (!m) {
      problems.push(`"${item}" is not a tag=value pair`);
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (name in tags) problems.push(`tag ${name}= appears more than once`);
    else tags[name] = m[2]!.trim();
  }
  const oneOf = (name: string, allowed: readonly string[]) => {
    const v = tags[name];
    if (v !== undefined && !allowed.includes(v.toLowerCase()))
      problems.push(`${name}=${v} is not one of ${allowed.join(', ')}`);
  };
  oneOf('p', [...POLICIES]);
  oneOf('sp', [...POLICIES]);
  oneOf('np', [...POLICIES]);
  oneOf('adkim', ['r', 's']);
  oneOf('aspf', ['r', 's']);
  oneOf('t', ['y', 'n']);
  oneOf('psd', ['y', 'n', 'u']);
  if (tags.fo !== undefined && !/^[01ds]([ \t]*:[ \t]*[01ds])*$/i.test(tags.fo))
    problems.push(`fo=${tags.fo} is not a colon-separated list of 0, 1, d, s`);
  for (const name of ['rua', 'ruf']) {
    const v = tags[name];
    if (v === undefined) continue;
    const uris = v.split(',').map((u) => u.trim());
    if (uris.some((u) => !u)) problems.push(`${name}= has an empty URI`);
    for (const u of uris.filter(Boolean)) {
      const bad = uriProblem(u);
      if (bad) problems.push(`${name}: ${bad}`);
    }
  }
  // pct (RFC 7489; removed by RFC 9989 but still read by older receivers): an integer 0–100.
  if (tags.pct !== undefined && !(/^\d{1,3}$/.test(tags.pct) && Number(tags.pct) <= 100))
    problems.push(`pct=${tags.pct} is not an integer from 0 to 100`);
  return { tags, problems };
}

/**
 * The names a DNS Tree Walk queries for `domain` (RFC 9989 §4.10): the domain itself, then with
 * fewer than 8 labels one label shorter each time, with 8 or more straight to its last 7 labels,
 * down to the top-level domain. At most 8 names.
 */
export function dmarcWalkNames(domain: string): string[] {
  const names = [domain.toLowerCase().replace(/\.$/, '')];
  let labels = names[0]!.split('.');
  while (labels.length > 1) {
    labels = labels.length >= 8 ? labels.slice(-7) : labels.slice(1);
    names.push(labels.join('.'));
  }
  return names;
}

/** What one `_dmarc.<name>` TXT lookup gave: its DMARC records, or why it could not be read. */
export type DmarcLookup =
  | { state: 'answered'; records: string[] }
  | { state: 'fault'; fault: string }
  | { state: 'not-queried' };

interface DmarcDiscovery {
  /** The record that applies, and where it was found (the first name of the walk with exactly one). */
  found?: { name: string; record: string; parsed: DmarcRecord; inherited: boolean };
  /** Names that held several DMARC records: receivers discard them all (§4.10) and walk on. */
  multiple: { name: string; count: number }[];
  /** The Organizational Domain by the Tree Walk (§4.10.2). */
  organizationalDomain: string;
  /** Top-level names that could not be read or were not in the snapshot (see discoverDmarc). */
  unread: string[];
  /** A name below the top level that could not be read: the applicable policy is unknown. */
  fault?: { name: string; fault: string };
}

/**
 * Policy discovery and the Organizational Domain (RFC 9989 §4.10.1, §4.10.2) over the answers
 * collected for every name of the walk. A fault at a name below the top level makes the result
 * unknown (a SERVFAIL is never "no record"); the single-label top-level name is the exception:
 * authoritative-only resolvers refuse it and older snapshots did not ask it, and leaving out a
 * PSD policy there can only make the verdict stricter, never a false pass.
 */
export function discoverDmarc(domain: string, lookup: (name: string) => DmarcLookup): DmarcDiscovery {
  const names = dmarcWalkNames(domain);
  const out: DmarcDiscovery = { multiple: [], organizationalDomain: names[0]!, unread: [] };
  const valid: { name: string; parsed: DmarcRecord }[] = [];
  for (const name of names) {
    const answer = lookup(name);
    if (answer.state !== 'answered') {
      if (name.includes('.')) {
        out.fault = { name, fault: answer.state === 'fault' ? answer.fault : 'not queried' };
        return out;
      }
      out.unread.push(name);
      continue;
    }
    if (answer.records.length > 1) out.multiple.push({ name, count: answer.records.length });
    if (answer.records.length !== 1) continue;
    const parsed = parseDmarc(answer.records[0]!);
    valid.push({ name, parsed });
    if (!out.found) out.found = { name, record: answer.records[0]!, parsed, inherited: name !== names[0] };
  }
  out.organizationalDomain = organizationalDomainOf(names, valid);
  return out;
}

function organizationalDomainOf(names: string[], valid: { name: string; parsed: DmarcRecord }[]): string {
  for (const { name, parsed } of valid) {
    const psd = parsed.tags.psd?.toLowerCase();
    if (psd === 'n') return name;
    if (psd === 'y') {
      // The Organizational Domain is one label below the Public Suffix Domain, towards the domain.
      const author = names[0]!.split('.');
      return author.slice(-(name.split('.').length + 1)).join('.');
    }
  }
  // No psd= found: the valid record with the fewest labels; none at all: the domain itself.
  return valid.length ? valid[valid.length - 1]!.name : names[0]!;
}

/**
 * The policy receivers apply to `domain` from the discovered record: p= at the domain itself;
 * from a parent, sp= (np= for a domain that does not exist, which a mail domain does), else p=.
 */
export function applicablePolicy(found: NonNullable<DmarcDiscovery['found']>): string | undefined {
  const t = found.parsed.tags;
  return (found.inherited ? (t.sp ?? t.p) : t.p)?.toLowerCase();
}
