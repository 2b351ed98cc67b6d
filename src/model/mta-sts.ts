import type { MtaStsFetch } from '../evidence/dns.ts';

/** Parses an RFC 8461 §3.2 policy (`key: value` lines, CRLF or LF). */
export function parseMtaStsPolicy(body: string): {
  policy: NonNullable<MtaStsFetch['policy']>;
  problems: string[];
} {
  const policy: NonNullable<MtaStsFetch['policy']> = { mx: [] };
  const problems: string[] = [];
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
    if (key === 'version') policy.version = value;
    else if (key === 'mode') policy.mode = value;
    else if (key === 'mx') policy.mx.push(value.toLowerCase());
    else if (key === 'max_age') policy.maxAge = /^\d+$/.test(value) ? Number(value) : undefined;
  }
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
