import type { DnsAnswer, SpfQualifier, SpfTerm } from '../../evidence/dns.ts';
import { isIP } from '../ip-address.ts';

/**
 * RFC 7208 SPF record syntax: which TXT records are SPF policies and how one parses into terms
 * (mechanisms, modifiers, macros). Pure: the DNS walk lives in expand.ts.
 */

export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
/** Expansion stops here so a runaway chain cannot make the scan (or its evidence) unbounded. */
export const HARD_STOP = 40;
export const MAX_DEPTH = 12;

export interface SpfResolver {
  resolve(name: string, type: string): Promise<DnsAnswer>;
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const COUNTING = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/**
 * The `v=spf1` records among a name's TXT strings. RFC 7208 §4.5: a record *begins* with the version
 * section, case-insensitively, followed by a space or the end; " v=spf1 …" (leading whitespace) or
 * "v=spf10" is not an SPF record, so receivers ignore it.
 */
export function spfRecords(txt: readonly string[]): string[] {
  return txt.filter((t) => /^v=spf1( |$)/i.test(t));
}

/**
 * RFC 7208 §7.1 macro-string: `%{` letter transformers delimiters `}`, `%%`, `%_`, `%-`, and
 * visible characters except a bare `%`. Letters c, r, t exist only in exp= (§7.2). A malformed
 * macro makes the record a permerror (§4.6.1).
 */
export function macroProblem(value: string, inExp = false): string | undefined {
  const letters = inExp ? 'slodiphvcrt' : 'slodiphv';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = c.charCodeAt(0);
    if (c !== '%') {
      if (!inExp && (code < 0x21 || code > 0x7e)) return `invalid character in "${value}"`;
      continue;
    }
    const next = value[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      i++;
      continue;
    }
    if (next !== '{') return `bare "%" in "${value}" (write %% for a percent sign, RFC 7208 §7.1)`;
    const m = value.slice(i).match(/^%\{([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)\}/i);
    if (!m) return `malformed macro in "${value}" (RFC 7208 §7.1)`;
    if (!letters.includes(m[1]!.toLowerCase()))
      return `unknown macro letter "${m[1]}" in "${value}"${!inExp && 'crt'.includes(m[1]!.toLowerCase()) ? ' (c, r and t are allowed only in exp=)' : ''}`;
    if (m[2] && Number(m[2]) === 0) return `macro "${m[0]}" keeps zero labels`;
    i += m[0].length - 1;
  }
  return undefined;
}

/** Splits a record into terms; syntax errors are reported per term. */
export function parseSpf(record: string): { terms: SpfTerm[]; errors: string[] } {
  const errors: string[] = [];
  const parts = record.trim().split(/\s+/).slice(1);
  const terms = parts.map((raw): SpfTerm => {
    const mod = raw.match(/^([a-zA-Z][a-zA-Z0-9_.-]*)=(.*)$/);
    if (mod) {
      const name = mod[1]!.toLowerCase();
      const term: SpfTerm = { raw, kind: 'modifier', name, value: mod[2]!, counts: name === 'redirect' };
      if ((name === 'redirect' || name === 'exp') && !mod[2]) term.error = `${name}= needs a domain`;
      // Unknown modifiers are ignored (§6), but their value is still a macro-string that must parse.
      const bad = macroProblem(mod[2]!, false);
      if (!term.error && bad) term.error = bad;
      return term;
    }
    const m = raw.match(/^([+\-~?]?)([a-zA-Z0-9]+)(.*)$/);
    const name = m?.[2]?.toLowerCase() ?? '';
    if (!m || !MECHANISMS.has(name)) {
      return { raw, kind: 'unknown', name, counts: false, error: `unknown term "${raw}"` };
    }
    const term: SpfTerm = {
      raw,
      kind: 'mechanism',
      name,
      qualifier: (m[1] || '+') as SpfQualifier,
      counts: COUNTING.has(name),
    };
    let rest = m[3]!;
    if (name === 'ip4' || name === 'ip6') {
      if (!rest.startsWith(':')) term.error = `${name} needs an address`;
      else {
        term.value = rest.slice(1);
        const [addr, len] = term.value.split('/');
        const family = name === 'ip4' ? 4 : 6;
        const max = family === 4 ? 32 : 128;
        if (isIP(addr ?? '') !== family) term.error = `"${addr}" is not an IPv${family} address`;
        else if (len !== undefined && !(/^\d+$/.test(len) && Number(len) <= max))
          term.error = `bad prefix length /${len}`;
      }
    } else if (name === 'all') {
      if (rest) term.error = `"all" takes no argument`;
    } else {
      if (rest.startsWith(':')) {
        const slash = name === 'a' || name === 'mx' ? rest.indexOf('/') : -1;
        term.value = slash === -1 ? rest.slice(1) : rest.slice(1, slash);
        rest = slash === -1 ? '' : rest.slice(slash);
        if (!term.value) term.error = `${name}: empty domain`;
        else {
          const bad = macroProblem(term.value);
          if (bad) term.error = bad;
        }
      } else if (name === 'include' || name === 'exists') {
        term.error = `${name} needs a domain`;
      }
      if (name === 'a' || name === 'mx') {
        // ip4-cidr-length / ip6-cidr-length: "0" or a number without leading zeros (RFC 7208 §5.6).
        const cidr = rest.match(/^(?:\/(0|[1-9]\d{0,2}))?(?:\/\/(0|[1-9]\d{0,2}))?$/);
        if (!cidr) term.error = `bad CIDR "${rest}"`;
        else {
          if (cidr[1] !== undefined) term.cidr4 = Number(cidr[1]);
          if (cidr[2] !== undefined) term.cidr6 = Number(cidr[2]);
          if ((term.cidr4 ?? 0) > 32 || (term.cidr6 ?? 0) > 128) term.error = `bad CIDR "${rest}"`;
        }
      } else if (rest) term.error = `unexpected "${rest}"`;
    }
    return term;
  });
  for (const t of terms) if (t.error) errors.push(t.error);
  const redirects = terms.filter((t) => t.name === 'redirect' && t.kind === 'modifier').length;
  const exps = terms.filter((t) => t.name === 'exp' && t.kind === 'modifier').length;
  if (redirects > 1) errors.push('more than one redirect= modifier');
  if (exps > 1) errors.push('more than one exp= modifier');
  return { terms, errors };
}

/** Expands %{d} macros; other macro letters depend on the message and make the term dynamic. */
export function expandMacros(value: string, domain: string): { value: string; dynamic: boolean } {
  let dynamic = false;
  const out = value.replace(/%\{([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)\}|%%|%_|%-/g, (all, letter, digits, rev) => {
    if (all === '%%') return '%';
    if (all === '%_') return ' ';
    if (all === '%-') return '%20';
    if (String(letter).toLowerCase() !== 'd') {
      dynamic = true;
      return all;
    }
    let labels = domain.split('.');
    if (rev) labels = labels.reverse();
    if (digits) labels = labels.slice(-Number(digits));
    return labels.join('.');
  });
  return { value: out.replace(/\.$/, '').toLowerCase(), dynamic };
}

export function validDomain(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => l.length > 0 && Buffer.byteLength(l) <= 63);
}
