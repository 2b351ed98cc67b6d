/**
 * Helpers shared by the DNS checks (no default export, so the registry skips this file).
 * A SERVFAIL, timeout, REFUSED or transport error means "unknown": the finding is `error`, never
 * `fail` or `pass`.
 */
import type { Finding } from '../../src/engine/types.ts';
import type { DnsAnswer, MxData } from '../../src/evidence/dns.ts';

type DomainAnswers = Record<string, DnsAnswer>;

export function answerOf(
  answers: DomainAnswers | undefined,
  name: string,
  type: string,
): DnsAnswer | undefined {
  return answers?.[`${name.toLowerCase()}/${type.toUpperCase()}`];
}

/** Why an answer cannot be judged, or undefined when it can (NOERROR, NODATA, NXDOMAIN). */
export function faultOf(a: DnsAnswer | undefined): string | undefined {
  if (!a) return 'not queried';
  switch (a.state) {
    case 'servfail':
      return `SERVFAIL for ${a.name}/${a.type}${a.server ? ` from ${a.server}` : ''} (a broken or unreachable authoritative server, or a DNSSEC validation failure)`;
    case 'timeout':
      return `no answer for ${a.name}/${a.type}: ${a.detail ?? 'timeout'}`;
    case 'refused':
      return `REFUSED for ${a.name}/${a.type}${a.server ? ` by ${a.server}` : ''} (the resolver will not answer this name)`;
    case 'error':
      return `${a.name}/${a.type}: ${a.detail ?? 'DNS error'}`;
    default:
      return undefined;
  }
}

/** The first fault among answers, as an `error` finding. */
export function errorFinding(
  target: string,
  answers: (DnsAnswer | undefined)[],
  what: string,
): Finding | undefined {
  for (const a of answers) {
    const fault = faultOf(a);
    if (fault)
      return {
        target,
        status: 'error',
        message: `Cannot check ${what}: ${fault}`,
        evidence: { answer: brief(a) },
      };
  }
  return undefined;
}

/** A compact answer for evidence: what a person would see with dig. */
export function brief(a: DnsAnswer | undefined): Record<string, unknown> | undefined {
  if (!a) return undefined;
  return {
    query: `${a.name}/${a.type}`,
    state: a.state,
    ...(a.records.length ? { records: a.records.map((r) => r.data) } : {}),
    ...(a.cnameChain?.length ? { cnameChain: a.cnameChain } : {}),
    ...(a.records[0] ? { ttl: a.records[0].ttl } : {}),
    ...(a.server ? { server: a.server } : {}),
    ...(a.detail ? { detail: a.detail } : {}),
  };
}

export function texts(a: DnsAnswer | undefined): string[] {
  return a?.state === 'noerror' ? a.records.map((r) => String(r.data)) : [];
}

export function addresses(a: DnsAnswer | undefined): string[] {
  return a?.state === 'noerror' ? a.records.map((r) => String(r.data)) : [];
}

export function mxRecords(a: DnsAnswer | undefined): MxData[] {
  return a?.state === 'noerror' ? a.records.map((r) => r.data as MxData) : [];
}

/** RFC 7505 null MX: a single MX with an empty exchange ("."). */
export function isNullMx(mx: MxData[]): boolean {
  return mx.length === 1 && (mx[0]!.exchange === '' || mx[0]!.exchange === '.');
}

/** `*.example.com` matches one or more extra labels; anything else matches exactly. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) : p === h;
}

/** Parses `k=v; k=v` tag lists (DMARC, MTA-STS TXT, TLS-RPT). */
export function tags(record: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of record.split(';')) {
    const m = part.trim().match(/^([A-Za-z0-9_]+)\s*=\s*(.*)$/);
    if (m) out[m[1]!.toLowerCase()] = m[2]!.trim();
  }
  return out;
}

export function sortedDomains(domains: Record<string, unknown>): string[] {
  return Object.keys(domains).sort();
}
