import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import type { Zone } from './zone.ts';

/**
 * Simulated misbehaviour, by `name` or `name/TYPE`: answer SERVFAIL, never answer (timeout), or
 * answer with bytes that are not a DNS message.
 */
export interface DnsFaults {
  servfail?: string[];
  timeout?: string[];
  garbage?: string[];
}

interface DnsServerOptions {
  zones: Zone[];
  faults?: DnsFaults;
  /** Zones whose answers carry the AD flag when the query sets DO (plays a validating resolver). */
  authenticatedZones?: string[];
  host?: string;
}

export interface RunningDns {
  host: string;
  port: number;
  /** `host:port` for `dns.servers`. */
  address: string;
  /** Every question seen, as `transport name/TYPE`. */
  log: string[];
  stop(): Promise<void>;
}

type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
const RCODES: Record<Rcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

const lc = (s: string) => s.replace(/\.$/, '').toLowerCase();

function matchesFault(list: string[] | undefined, name: string, type: string): boolean {
  return (list ?? []).some((f) => {
    const [n, t] = f.toLowerCase().split('/');
    return lc(n!) === name && (!t || t.toUpperCase() === type);
  });
}

/** The authoritative answer for one question from the zones (RFC 1034 §4.3.2, without delegations). */
export function answerFrom(
  zones: Zone[],
  qname: string,
  qtype: string,
): { rcode: Rcode; answers: Answer[]; authorities: Answer[]; zone?: Zone } {
  const name = lc(qname);
  const inZone = (z: Zone, n: string) => z.origin === '' || n === z.origin || n.endsWith(`.${z.origin}`);
  const zone = zones.filter((z) => inZone(z, name)).sort((a, b) => b.origin.length - a.origin.length)[0];
  if (!zone) return { rcode: 'REFUSED', answers: [], authorities: [] };
  const soa = zone.records.filter((r) => r.type === 'SOA' && lc(r.name) === zone.origin);
  const answers: Answer[] = [];
  let current = name;
  const seen = new Set<string>();
  for (;;) {
    const here = zone.records.filter((r) => lc(r.name) === current);
    const wanted = here.filter((r) => r.type === qtype);
    if (qtype === 'DS' && current === zone.origin) {
      // DS lives in the parent; a server without the parent answers NODATA from the child (RFC 4035 §3.1.4.1).
      const parent = zones.find((z) => z !== zone && inZone(z, name) && z.origin !== name);
      if (parent) return answerFrom([parent], name, qtype);
      return { rcode: 'NOERROR', answers, authorities: soa, zone };
    }
    if (wanted.length) return { rcode: 'NOERROR', answers: [...answers, ...wanted], authorities: [], zone };
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname && qtype !== 'CNAME' && !seen.has(current)) {
      seen.add(current);
      answers.push(cname);
      const target = lc((cname as { data: string }).data);
      if (!inZone(zone, target)) return { rcode: 'NOERROR', answers, authorities: [], zone };
      current = target;
      continue;
    }
    const exists = here.length > 0 || zone.records.some((r) => lc(r.name).endsWith(`.${current}`));
    return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers, authorities: soa, zone };
  }
}

function respond(
  query: DecodedPacket,
  opts: DnsServerOptions,
  maxSize: number,
): { kind: 'answer'; buf: Buffer } | { kind: 'drop' } | { kind: 'garbage' } {
  const q = query.questions?.[0];
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  const dnssecOk = opt?.type === 'OPT' && (opt.flag_do || (opt.flags & dnsPacket.DNSSEC_OK) !== 0);
  const edns: Answer[] = opt
    ? [
        {
          type: 'OPT',
          name: '.',
          udpPayloadSize: 1232,
          extendedRcode: 0,
          ednsVersion: 0,
          flags: dnssecOk ? dnsPacket.DNSSEC_OK : 0,
          flag_do: dnssecOk,
          options: [],
        },
      ]
    : [];
  const reply = (rcode: Rcode, answers: Answer[], authorities: Answer[], extraFlags = 0): Buffer => {
    const packet: Packet = {
      type: 'response',
      id: query.id,
      flags:
        dnsPacket.AUTHORITATIVE_ANSWER |
        ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
        extraFlags |
        RCODES[rcode],
      questions: query.questions,
      answers,
      authorities,
      additionals: edns,
    };
    return dnsPacket.encode(packet);
  };
  if (!q) return { kind: 'answer', buf: reply('REFUSED', [], []) };
  const name = lc(q.name);
  if (matchesFault(opts.faults?.timeout, name, q.type)) return { kind: 'drop' };
  if (matchesFault(opts.faults?.garbage, name, q.type)) return { kind: 'garbage' };
  if (matchesFault(opts.faults?.servfail, name, q.type))
    return { kind: 'answer', buf: reply('SERVFAIL', [], []) };
  const found = answerFrom(opts.zones, name, q.type);
  const ad =
    dnssecOk && found.zone && (opts.authenticatedZones ?? []).map(lc).includes(found.zone.origin)
      ? dnsPacket.AUTHENTIC_DATA
      : 0;
  const buf = reply(found.rcode, found.answers, found.authorities, ad);
  if (buf.length > maxSize) {
    // Too big for the client's UDP buffer: send the header with TC so it retries over TCP.
    return { kind: 'answer', buf: reply(found.rcode, [], [], ad | dnsPacket.TRUNCATED_RESPONSE) };
  }
  return { kind: 'answer', buf };
}

/** A record the encoder cannot write must not take the server down: answer SERVFAIL instead. */
function safeRespond(
  query: DecodedPacket,
  opts: DnsServerOptions,
  maxSize: number,
): ReturnType<typeof respond> {
  try {
    return respond(query, opts, maxSize);
  } catch {
    return respond(query, { ...opts, faults: { servfail: [query.questions?.[0]?.name ?? ''] } }, maxSize);
  }
}

function decode(buf: Buffer): DecodedPacket | undefined {
  try {
    const p = dnsPacket.decode(buf);
    return p.type === 'query' ? p : undefined;
  } catch {
    return undefined;
  }
}

const GARBAGE = Buffer.from('this is not a DNS message, just noise on the wire');

/** Starts an authoritative DNS server for `zones` on one random port, UDP and TCP. */
export async function startDnsServer(opts: DnsServerOptions): Promise<RunningDns> {
  const host = opts.host ?? '127.0.0.1';
  const log: string[] = [];
  const note = (transport: string, p: DecodedPacket) => {
    const q = p.questions?.[0];
    if (q) log.push(`${transport} ${lc(q.name)}/${q.type}`);
  };

  for (let attempt = 0; ; attempt++) {
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve());
    });
    const port = udp.address().port;
    const sockets = new Set<import('node:net').Socket>();
    const tcp = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const len = buf.readUInt16BE(0);
          const query = decode(buf.subarray(2, 2 + len));
          buf = buf.subarray(2 + len);
          if (!query) {
            socket.destroy();
            return;
          }
          note('tcp', query);
          const out = safeRespond(query, opts, 65_535);
          if (out.kind === 'drop') continue;
          const payload = out.kind === 'garbage' ? GARBAGE : out.buf;
          const frame = Buffer.alloc(2);
          frame.writeUInt16BE(payload.length, 0);
          socket.write(Buffer.concat([frame, payload]));
        }
      });
      socket.on('error', () => socket.destroy());
    });
    const listening = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    if (!listening) {
      udp.close();
      if (attempt < 10) continue;
      throw new Error(`could not bind TCP and UDP on the same port on ${host}`);
    }
    udp.on('message', (msg, rinfo) => {
      const query = decode(msg);
      if (!query) return;
      note('udp', query);
      const opt = query.additionals?.find((a) => a.type === 'OPT');
      const max = opt?.type === 'OPT' ? Math.max(512, opt.udpPayloadSize) : 512;
      const out = safeRespond(query, opts, max);
      if (out.kind === 'drop') return;
      udp.send(out.kind === 'garbage' ? GARBAGE : out.buf, rinfo.port, rinfo.address);
    });
    udp.on('error', () => {});
    return {
      host,
      port,
      address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
      log,
      stop: () => {
        for (const s of sockets) s.destroy();
        return closeBoth(udp, tcp);
      },
    };
  }
}

function closeBoth(udp: Socket, tcp: Server): Promise<void> {
  return new Promise((resolve) => {
    let pending = 2;
    const one = () => {
      if (--pending === 0) resolve();
    };
    try {
      udp.close(one);
    } catch {
      one();
    }
    tcp.close(() => one());
  });
}
