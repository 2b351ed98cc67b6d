/** Which questions may go on the wire, which failed exchange to report, and exchange → DnsAnswer. */
import type { Answer } from 'dns-packet';
import type { DnsAnswer, DnsRecord, DnsState } from '../../evidence/dns.ts';
import type { Exchange } from './exchange.ts';
import { normName, toRecord } from './records.ts';

const KNOWN_TYPES = new Set([
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'TXT',
  'SRV',
  'NS',
  'SOA',
  'PTR',
  'DS',
  'DNSKEY',
  'TLSA',
  'CAA',
  'RRSIG',
  'NSEC',
  'NSEC3',
]);

/** Names from the environment (an SPF include, say) can be anything: refuse what cannot go on the wire. */
export function invalidQuestion(name: string, type: string): string | undefined {
  if (!KNOWN_TYPES.has(type)) return `unsupported query type ${type}`;
  if (name.length === 0 || name.length > 253)
    return `"${name.slice(0, 80)}" is not a valid DNS name (length)`;
  for (const label of name.split('.'))
    if (label.length === 0 || Buffer.byteLength(label) > 63)
      return `"${name.slice(0, 80)}" is not a valid DNS name (empty or over-long label)`;
  return undefined;
}

export function rank(ex: Exchange): number {
  const rcode = ex.packet?.rcode;
  if (rcode === 'SERVFAIL') return 4;
  if (ex.packet) return 3; // REFUSED, FORMERR, NOTIMP…
  if (ex.fault?.state === 'error') return 2;
  return 1; // timeout
}

const RCODE_STATE: Record<string, DnsState> = {
  NOERROR: 'noerror',
  NXDOMAIN: 'nxdomain',
  SERVFAIL: 'servfail',
  REFUSED: 'refused',
};

/** Turns one exchange into an answer: the records of the asked type at the end of the CNAME chain. */
export function toAnswer(name: string, type: string, ex: Exchange): DnsAnswer {
  const base = {
    name,
    type,
    server: ex.server,
    transport: ex.transport,
    ...(ex.truncated ? { truncated: true } : {}),
  };
  if (!ex.packet)
    return { ...base, state: ex.fault?.state ?? 'error', records: [], detail: ex.fault?.detail };
  const p = ex.packet;
  const rcode = p.rcode ?? 'NOERROR';
  const state = RCODE_STATE[rcode] ?? 'error';
  const answers = (p.answers ?? []).filter((a): a is Exclude<Answer, { type: 'OPT' }> => a.type !== 'OPT');

  const chain: string[] = [];
  let current = name;
  if (type !== 'CNAME') {
    for (let i = 0; i < 16; i++) {
      const cname = answers.find((a) => a.type === 'CNAME' && normName(a.name) === current);
      if (!cname) break;
      const target = normName(cname.data as string);
      if (chain.includes(target) || target === name) break;
      chain.push(target);
      current = target;
    }
  }
  const records: DnsRecord[] = answers
    .filter((a) => a.type === type && normName(a.name) === current)
    .map(toRecord)
    .filter((r): r is DnsRecord => r !== undefined);
  const signed = answers.some(
    (a) => a.type === 'RRSIG' && normName(a.name) === current && a.data.typeCovered === type,
  );
  const soa = (p.authorities ?? []).find((a) => a.type === 'SOA');
  const negativeTtl =
    soa && soa.type === 'SOA' ? Math.min(soa.ttl ?? 0, soa.data.minimum ?? soa.ttl ?? 0) : undefined;

  let finalState: DnsState = state;
  if (state === 'noerror' && records.length === 0) finalState = 'nodata';
  return {
    ...base,
    state: finalState,
    records,
    ...(chain.length ? { cnameChain: chain } : {}),
    authenticated: p.flag_ad === true,
    ...(signed ? { signed } : {}),
    ...((finalState === 'nodata' || finalState === 'nxdomain') && negativeTtl !== undefined
      ? { negativeTtl }
      : {}),
    ...(state === 'error' ? { detail: `rcode ${rcode} from ${ex.server}` } : {}),
    ...(state === 'servfail' || state === 'refused' ? { detail: `${rcode} from ${ex.server}` } : {}),
  };
}
