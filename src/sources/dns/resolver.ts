import { getServers } from 'node:dns';
import { isIP } from 'node:net';
import type { DecodedPacket, Packet, RecordType } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import type { DnsAnswer } from '../../evidence/dns.ts';
import { Limiter } from '../../util/limiter.ts';
import { invalidQuestion, rank, toAnswer } from './answer.ts';
import { type Exchange, tcpExchange, udpExchange } from './exchange.ts';
import { normName } from './records.ts';

export interface ServerAddress {
  host: string;
  port: number;
}

interface ResolverOptions {
  servers: ServerAddress[];
  timeoutMs: number;
  /** Extra rounds over the server list after the first (0 = ask each server once). */
  retries: number;
  /** Concurrent network exchanges (a Limiter may be given instead). */
  concurrency?: number;
  limiter?: Limiter;
  /** EDNS(0) UDP payload size advertised (RFC 9715 / DNS flag day 2020: 1232). */
  payloadSize?: number;
  /** Send the DO bit so a signed zone's answer carries RRSIGs and a validator can set AD. */
  dnssecOk?: boolean;
  /** Longest CNAME chain followed before the answer becomes an `error` (loop protection). */
  maxCnameChain?: number;
  signal?: AbortSignal;
  /** Called once per network exchange (for request counting). */
  onExchange?: (info: { server: string; transport: 'udp' | 'tcp'; name: string; type: string }) => void;
}

/** Parses `host[:port]`, `[v6]:port` or a bare IPv6 address; the default port is 53. */
export function parseServer(spec: string): ServerAddress {
  const bracket = spec.match(/^\[([^\]]+)\](?::(\d+))?$/);
  if (bracket) return { host: bracket[1]!, port: bracket[2] ? Number(bracket[2]) : 53 };
  if (isIP(spec) === 6) return { host: spec, port: 53 };
  const m = spec.match(/^(.+?)(?::(\d+))?$/);
  return { host: m?.[1] ?? spec, port: m?.[2] ? Number(m[2]) : 53 };
}

/** The system's resolvers (node:dns reads /etc/resolv.conf), as server addresses. */
export function systemServers(): ServerAddress[] {
  return getServers().map(parseServer);
}

function serverLabel(s: ServerAddress): string {
  return isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/**
 * A stub resolver on dns-packet: UDP with EDNS(0) and the DO bit, TCP when the answer is
 * truncated, per-query timeout and retries over several servers with failover, CNAME chasing with
 * a loop limit, and a per-instance cache (one resolver per scan). Every outcome is a DnsAnswer
 * with its state; nothing here throws for a DNS or network fault.
 */
export class Resolver {
  private readonly cache = new Map<string, Promise<DnsAnswer>>();
  /** Single questions (also those asked while chasing a CNAME), so no question goes out twice. */
  private readonly questions = new Map<string, Promise<DnsAnswer>>();
  private readonly limiter: Limiter;
  private nextId = Math.floor(Math.random() * 0xffff);
  readonly servers: ServerAddress[];
  /**
   * The order servers are asked in. A server that timed out goes to the back for the rest of the
   * scan: with a dead first resolver every later question would otherwise wait out its timeout first
   * (a scan of seconds took ~38 s).
   */
  private order: ServerAddress[];

  constructor(private readonly opts: ResolverOptions) {
    if (opts.servers.length === 0) throw new Error('no DNS servers to ask');
    this.servers = opts.servers;
    this.order = [...opts.servers];
    this.limiter = opts.limiter ?? new Limiter(opts.concurrency ?? 8);
  }

  /** Resolves `name`/`type`, following CNAMEs for any type but CNAME. Cached per name and type. */
  resolve(name: string, type: string): Promise<DnsAnswer> {
    const key = `${normName(name)}/${type.toUpperCase()}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.resolveUncached(normName(name), type.toUpperCase());
      this.cache.set(key, hit);
    }
    return hit;
  }

  private async resolveUncached(name: string, type: string): Promise<DnsAnswer> {
    const max = this.opts.maxCnameChain ?? 8;
    const chain: string[] = [];
    let current = name;
    let authenticated = true;
    let signed = false;
    for (;;) {
      const one = await this.query(current, type);
      authenticated &&= one.authenticated === true;
      signed ||= one.signed === true;
      const hops = one.cnameChain ?? [];
      chain.push(...hops);
      const looping = new Set(chain).size !== chain.length || chain.includes(name);
      if (looping || chain.length > max) {
        return {
          name,
          type,
          state: 'error',
          records: [],
          cnameChain: chain,
          server: one.server,
          detail: `CNAME chain ${looping ? 'loops' : `longer than ${max}`}: ${[name, ...chain].join(' -> ')}`,
        };
      }
      // An authoritative server gives only the CNAME when its zones do not hold the target: ask again.
      if (type === 'CNAME' || one.state !== 'nodata' || hops.length === 0) {
        const { cnameChain: _, ...rest } = one;
        return {
          ...rest,
          name,
          ...(chain.length ? { cnameChain: chain } : {}),
          authenticated,
          ...(signed ? { signed } : {}),
        };
      }
      current = chain[chain.length - 1]!;
    }
  }

  /**
   * One question, asked with failover: each server in turn, `retries` extra rounds. A NOERROR or
   * NXDOMAIN answer is final; SERVFAIL, REFUSED and timeouts move on to the next server, and the
   * most informative failure is reported when no server answers well.
   */
  query(name: string, type: string): Promise<DnsAnswer> {
    const key = `${normName(name)}/${type.toUpperCase()}`;
    let hit = this.questions.get(key);
    if (!hit) {
      hit = this.queryUncached(normName(name), type.toUpperCase());
      this.questions.set(key, hit);
    }
    return hit;
  }

  private async queryUncached(qname: string, type: string): Promise<DnsAnswer> {
    const invalid = invalidQuestion(qname, type);
    if (invalid) return { name: qname, type, state: 'error', records: [], detail: invalid };
    let worst: Exchange | undefined;
    for (let round = 0; round <= this.opts.retries; round++) {
      for (const server of [...this.order]) {
        if (this.opts.signal?.aborted) {
          return { name: qname, type, state: 'error', records: [], detail: 'scan stopped before the answer' };
        }
        const ex = await this.limiter.run(() => this.exchangeWithFallback(server, qname, type));
        if (ex.fault?.state === 'timeout') this.demote(server);
        const rcode = ex.packet?.rcode;
        if (ex.packet && (rcode === 'NOERROR' || rcode === 'NXDOMAIN')) return toAnswer(qname, type, ex);
        if (!worst || rank(ex) >= rank(worst)) worst = ex;
      }
    }
    return toAnswer(qname, type, worst!);
  }

  private demote(server: ServerAddress): void {
    if (this.order.length < 2 || this.order[this.order.length - 1] === server) return;
    this.order = [...this.order.filter((s) => s !== server), server];
  }

  private async exchangeWithFallback(server: ServerAddress, name: string, type: string): Promise<Exchange> {
    let edns = true;
    let udp = await this.exchange(server, name, type, 'udp', edns);
    // A server that does not speak EDNS(0) answers FORMERR/NOTIMP (RFC 6891 §7): ask again without it.
    if (udp.packet?.rcode === 'FORMERR' || udp.packet?.rcode === 'NOTIMP') {
      edns = false;
      udp = await this.exchange(server, name, type, 'udp', edns);
    }
    if (udp.packet?.flag_tc) {
      const tcp = await this.exchange(server, name, type, 'tcp', edns);
      return { ...tcp, truncated: true };
    }
    return udp;
  }

  private buildQuery(name: string, type: string, id: number, edns: boolean): Buffer {
    const packet: Packet = {
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
      questions: [{ type: type as RecordType, name, class: 'IN' }],
      additionals: !edns
        ? []
        : [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: this.opts.payloadSize ?? 1232,
              extendedRcode: 0,
              ednsVersion: 0,
              flags: this.opts.dnssecOk === false ? 0 : dnsPacket.DNSSEC_OK,
              flag_do: this.opts.dnssecOk !== false,
              options: [],
            },
          ],
    };
    return dnsPacket.encode(packet);
  }

  private exchange(
    server: ServerAddress,
    name: string,
    type: string,
    transport: 'udp' | 'tcp',
    edns: boolean,
  ): Promise<Exchange> {
    this.nextId = (this.nextId + 1) & 0xffff;
    const id = this.nextId;
    const label = serverLabel(server);
    this.opts.onExchange?.({ server: label, transport, name, type });
    const query = this.buildQuery(name, type, id, edns);
    const matches = (p: DecodedPacket) =>
      p.id === id &&
      p.type === 'response' &&
      normName(p.questions?.[0]?.name ?? '') === name &&
      p.questions?.[0]?.type === type;
    return transport === 'udp'
      ? udpExchange(server, label, query, matches, this.opts.timeoutMs, this.opts.signal)
      : tcpExchange(server, label, query, matches, this.opts.timeoutMs, this.opts.signal);
  }
}
