import type { MtaStsFetch } from '../evidence/dns.ts';

/** RFC 8461 §3.2: `max_age` is at most 31557600 seconds (about one year). */
const MAX_AGE_LIMIT = 31_557_600;
const SINGLE_KEYS = new Set(['version', 'mode', 'max_age']);

/** Parses an RFC 8461 §3.2 policy (`key: value` lines, CRLF or LF). */
export function parseMtaStsPolicy(body: string): {
  policy: NonNullable<MtaStsFetch['policy']>;
  problems: string[];
} {
  const policy: NonNullable<MtaStsFetch['policy']> = { mx: [] };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = line.match(/^([A-Za-z0-9_]+)\s*:\s*(.*)$/);
    if (!m) {
      problems.push(`not a key: value line: ${line.slice(0, 80)}`);
      continue;
    }
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    // Only mx may repeat (RFC 8461 §3.2); a second version/mode/max_age leaves the policy ambiguous.
    if (key !== 'mx' && SINGLE_KEYS.has(key) && seen.has(key)) problems.push(`${key} appears more than once`);
    seen.add(key);
    if (key === 'version') policy.version = value;
    else if (key === 'mode') policy.mode = value;
    else if (key === 'mx') policy.mx.push(value.toLowerCase());
    else if (key === 'max_age') policy.maxAge = /^\d{1,10}$/.test(value) ? Number(value) : undefined;
  }
  if (policy.maxAge !== undefined && policy.maxAge > MAX_AGE_LIMIT)
    problems.push(`max_age ${policy.maxAge} is above the RFC 8461 maximum of ${MAX_AGE_LIMIT} s (one year)`);
  if (policy.version !== 'STSv1') problems.push(`version is ${policy.version ?? 'missing'}, expected STSv1`);
  if (!['enforce', 'testing', 'none'].includes(policy.mode ?? ''))
    problems.push(`mode is ${policy.mode ?? 'missing'}, expected enforce, testing or none`);
  if (policy.maxAge === undefined) problems.push('max_age is missing or not a number');
  if (policy.mode !== 'none' && policy.mx.length === 0) problems.push('no mx: lines');
  return { policy, problems };
}

/** RFC 8461 §4.1: a pattern matches a host exactly, or `*.example.com` matches one extra label. */
export function mxPatternMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p.startsWith('*.')) {
    const rest = p.slice(2);
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === rest;
  }
  return p === h;
}

/**
 * RFC 8460 §3: `rua` is a comma-separated list of `mailto:` or `https:` URIs. Returns what is wrong
 * with each entry, or nothing when every URI is usable.
 */
export function tlsRptRuaProblems(rua: string): string[] {
  const problems: string[] = [];
  for (const uri of rua.split(',').map((u) => u.trim())) {
    if (/^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(uri)) continue;
    if (/^https:\/\/[^/\s]+/i.test(uri)) continue;
    problems.push(uri ? `rua ${uri} is not a mailto: address or an https: URL` : 'empty rua entry');
  }
  return problems;
}
