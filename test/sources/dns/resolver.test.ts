import { createSocket, type Socket } from 'node:dgram';
import type { DecodedPacket } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDns, startDnsServer } from '../../../src/simulator/dns/server.ts';
import { parseZone } from '../../../src/simulator/dns/zone.ts';
import { parseServer, Resolver } from '../../../src/sources/dns/resolver.ts';
import { readyZones } from '../../helpers/dns.ts';

const EXTRA = `$ORIGIN test.example.
$TTL 600
@      IN SOA ns1.test.example. hostmaster.test.example. ( 1 3600 600 86400 120 )
@      IN NS  ns1.test.example.
ns1    IN A   127.0.0.1
loop1  IN CNAME loop2.test.example.
loop2  IN CNAME loop1.test.example.
far    IN CNAME selector1._domainkey.contoso.com.
dangling IN CNAME nowhere.test.example.
${Array.from({ length: 8 }, (_, i) => `big IN TXT "${String(i).repeat(200)}"`).join('\n')}
`;

let server: RunningDns;
const zones = () => [
  ...Object.entries(readyZones()).map(([o, t]) => parseZone(t, `${o}.`, o)),
  parseZone(EXTRA, 'test.example.', 'test'),
];

beforeAll(async () => {
  server = await startDnsServer({
    zones: zones(),
    faults: {
      servfail: ['broken.contoso.com'],
      timeout: ['slow.contoso.com/A'],
      garbage: ['noise.contoso.com'],
    },
    authenticatedZones: ['protection.outlook.com'],
  });
}, 10_000);
afterAll(() => server?.stop());

const resolver = (over: Partial<ConstructorParameters<typeof Resolver>[0]> = {}) =>
  new Resolver({ servers: [parseServer(server.address)], timeoutMs: 2000, retries: 0, ...over });

describe('Resolver answer states', () => {
  it('NOERROR with data keeps records, TTLs, server and transport', async () => {
    const a = await resolver().resolve('contoso.com', 'MX');
    expect(a.state).toBe('noerror');
    expect(a.records).toEqual([
      {
        name: 'contoso.com',
        type: 'MX',
        ttl: 3600,
        data: { preference: 0, exchange: 'contoso-com.mail.protection.outlook.com' },
      },
    ]);
    expect(a.server).toBe(server.address);
    expect(a.transport).toBe('udp');
  });

  it('NODATA (name exists, no record of the type) is distinct, with the negative TTL', async () => {
    const a = await resolver().resolve('contoso.com', 'AAAA');
    expect(a.state).toBe('nodata');
    expect(a.records).toEqual([]);
    expect(a.negativeTtl).toBe(300);
  });

  it('NXDOMAIN is distinct from NODATA', async () => {
    const a = await resolver().resolve('missing.contoso.com', 'A');
    expect(a.state).toBe('nxdomain');
    expect(a.negativeTtl).toBe(300);
  });

  it('SERVFAIL, REFUSED and timeout each keep their own state', async () => {
    const r = resolver({ timeoutMs: 300 });
    expect((await r.resolve('broken.contoso.com', 'TXT')).state).toBe('servfail');
    const refused = await r.resolve('www.example.org', 'A');
    expect(refused.state).toBe('refused');
    expect(refused.detail).toContain('REFUSED');
    const t0 = performance.now();
    const slow = await r.resolve('slow.contoso.com', 'A');
    expect(slow.state).toBe('timeout');
    expect(slow.detail).toMatch(/within 300 ms/);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('retries a timeout the configured number of times', async () => {
    const before = server.log.filter((l) => l === 'udp slow.contoso.com/A').length;
    const a = await resolver({ retries: 2, timeoutMs: 100 }).resolve('slow.contoso.com', 'A');
    expect(a.state).toBe('timeout');
    expect(server.log.filter((l) => l === 'udp slow.contoso.com/A').length - before).toBe(3);
  });

  it('drops a garbage UDP answer and reports a timeout, without crashing', async () => {
    const a = await resolver({ timeoutMs: 300 }).resolve('noise.contoso.com', 'A');
    expect(a.state).toBe('timeout');
  });

  it('repeats a truncated UDP answer over TCP on the same port', async () => {
    const a = await resolver().resolve('big.test.example', 'TXT');
    expect(a.state).toBe('noerror');
    expect(a.truncated).toBe(true);
    expect(a.transport).toBe('tcp');
    expect(a.records).toHaveLength(8);
    expect(server.log).toContain('udp big.test.example/TXT');
    expect(server.log).toContain('tcp big.test.example/TXT');
  });
});

describe('CNAME chasing', () => {
  it('follows a CNAME into another zone the server gives no data for', async () => {
    const a = await resolver().resolve('selector1._domainkey.contoso.com', 'TXT');
    expect(a.state).toBe('noerror');
    expect(a.cnameChain).toEqual(['selector1-contoso-com._domainkey.contoso.onmicrosoft.com']);
    expect(String(a.records[0]?.data)).toMatch(/^v=DKIM1;/);
  });

  it('follows a chain across zones (test.example -> contoso.com -> onmicrosoft.com)', async () => {
    const a = await resolver().resolve('far.test.example', 'TXT');
    expect(a.cnameChain).toEqual([
      'selector1._domainkey.contoso.com',
      'selector1-contoso-com._domainkey.contoso.onmicrosoft.com',
    ]);
    expect(a.state).toBe('noerror');
  });

  it('reports a CNAME to a missing name as NXDOMAIN with the chain', async () => {
    const a = await resolver().resolve('dangling.test.example', 'A');
    expect(a.state).toBe('nxdomain');
    expect(a.cnameChain).toEqual(['nowhere.test.example']);
  });

  it('stops a CNAME loop with an error', async () => {
    const a = await resolver().resolve('loop1.test.example', 'A');
    expect(a.state).toBe('error');
    expect(a.detail).toMatch(/loop/);
  });

  it('asks for the CNAME itself without chasing', async () => {
    const a = await resolver().resolve('autodiscover.contoso.com', 'CNAME');
    expect(a.records.map((r) => r.data)).toEqual(['mail.contoso.com']);
    expect(a.cnameChain).toBeUndefined();
  });
});

describe('cache, failover, EDNS, concurrency', () => {
  it('answers a repeated question from the per-scan cache', async () => {
    const r = resolver();
    const before = server.log.length;
    await Promise.all([r.resolve('contoso.com', 'TXT'), r.resolve('CONTOSO.com.', 'txt')]);
    await r.resolve('contoso.com', 'TXT');
    expect(server.log.length - before).toBe(1);
  });

  it('fails over from a silent server and from a REFUSED answer to the next server', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    const refuser = await startDnsServer({ zones: [] });
    try {
      const r = new Resolver({
        servers: [
          { host: '127.0.0.1', port: silent.address().port },
          parseServer(refuser.address),
          parseServer(server.address),
        ],
        timeoutMs: 500,
        retries: 0,
      });
      const a = await r.resolve('contoso.com', 'MX');
      expect(a.state).toBe('noerror');
      expect(a.server).toBe(server.address);
      // When every server fails, the most informative failure wins: SERVFAIL beats REFUSED and a timeout.
      const none = await r.resolve('broken.contoso.com', 'A');
      expect(none.state).toBe('servfail');
    } finally {
      silent.close();
      await refuser.stop();
    }
  });

  it('remembers a server that timed out: later questions go to the next server first', async () => {
    const dead = createSocket('udp4');
    let deadQueries = 0;
    dead.on('message', () => deadQueries++);
    await new Promise<void>((r) => dead.bind(0, '127.0.0.1', () => r()));
    try {
      const r = new Resolver({
        servers: [{ host: '127.0.0.1', port: dead.address().port }, parseServer(server.address)],
        timeoutMs: 300,
        retries: 1,
      });
      const names = ['contoso.com', 'mail.contoso.com', 'autodiscover.contoso.com', 'test.example'];
      for (const name of names) expect((await r.resolve(name, 'A')).server).toBe(server.address);
      // Only the first question waited for the dead server; without the memory it would be one each.
      expect(deadQueries).toBe(1);
    } finally {
      dead.close();
    }
  });

  it('sends EDNS(0) with payload 1232 and the DO bit, keeps the AD flag, and drops spoofed datagrams', async () => {
    const seen: DecodedPacket[] = [];
    const fake: Socket = createSocket('udp4');
    fake.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      seen.push(q);
      const reply = (id: number, flags: number) =>
        dnsPacket.encode({
          type: 'response',
          id,
          flags,
          questions: q.questions,
          answers: [{ type: 'A', name: 'signed.example', ttl: 60, data: '192.0.2.1' }],
        });
      fake.send(Buffer.from([1, 2, 3]), rinfo.port, rinfo.address); // too short
      fake.send(Buffer.alloc(64, 0xff), rinfo.port, rinfo.address); // noise
      fake.send(reply((q.id! + 1) & 0xffff, 0), rinfo.port, rinfo.address); // wrong id
      fake.send(
        reply(q.id!, dnsPacket.AUTHENTIC_DATA | dnsPacket.RECURSION_AVAILABLE),
        rinfo.port,
        rinfo.address,
      );
    });
    await new Promise<void>((r) => fake.bind(0, '127.0.0.1', () => r()));
    try {
      const r = new Resolver({
        servers: [{ host: '127.0.0.1', port: fake.address().port }],
        timeoutMs: 2000,
        retries: 0,
      });
      const a = await r.resolve('signed.example', 'A');
      expect(a.state).toBe('noerror');
      expect(a.authenticated).toBe(true);
      expect(a.records[0]?.data).toBe('192.0.2.1');
      const opt = seen[0]?.additionals?.find((x) => x.type === 'OPT');
      expect(opt && opt.type === 'OPT' ? opt.udpPayloadSize : undefined).toBe(1232);
      expect(opt && opt.type === 'OPT' ? opt.flag_do : undefined).toBe(true);
    } finally {
      fake.close();
    }
  });

  it('asks again without EDNS when a server answers FORMERR to the OPT record', async () => {
    const old: Socket = createSocket('udp4');
    let withOpt = 0;
    old.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const hasOpt = (q.additionals ?? []).some((a) => a.type === 'OPT');
      if (hasOpt) withOpt++;
      const answers = hasOpt ? [] : [{ type: 'A' as const, name: 'old.example', ttl: 60, data: '192.0.2.7' }];
      old.send(
        dnsPacket.encode({
          type: 'response',
          id: q.id,
          flags: hasOpt ? 1 : 0,
          questions: q.questions,
          answers,
        }),
        rinfo.port,
        rinfo.address,
      );
    });
    await new Promise<void>((r) => old.bind(0, '127.0.0.1', () => r()));
    try {
      const r = new Resolver({
        servers: [{ host: '127.0.0.1', port: old.address().port }],
        timeoutMs: 2000,
        retries: 0,
      });
      const a = await r.resolve('old.example', 'A');
      expect(withOpt).toBe(1);
      expect(a).toMatchObject({ state: 'noerror', records: [{ data: '192.0.2.7' }] });
    } finally {
      old.close();
    }
  });

  it('keeps at most `concurrency` exchanges in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Socket = createSocket('udp4');
    slow.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        slow.send(
          dnsPacket.encode({ type: 'response', id: q.id, flags: 0, questions: q.questions, answers: [] }),
          rinfo.port,
          rinfo.address,
        );
      }, 30);
    });
    await new Promise<void>((r) => slow.bind(0, '127.0.0.1', () => r()));
    try {
      const r = new Resolver({
        servers: [{ host: '127.0.0.1', port: slow.address().port }],
        timeoutMs: 1000,
        retries: 0,
        concurrency: 3,
      });
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => r.resolve(`n${i}.example`, 'A')),
      );
      expect(answers.every((a) => a.state === 'nodata')).toBe(true);
      expect(peak).toBe(3);
    } finally {
      slow.close();
    }
  });

  it('rejects a garbage TCP answer after truncation with an error state', async () => {
    const { createServer } = await import('node:net');
    const conns = new Set<import('node:net').Socket>();
    const tcp = createServer((sock) => {
      conns.add(sock);
      sock.on('error', () => {});
      sock.end(Buffer.from([0, 4, 0xde, 0xad, 0xbe, 0xef]));
    });
    // UDP and TCP on one port number: take a free TCP port, then bind UDP to it; another process
    // may hold that UDP port (parallel test runs), so retry with a new port instead of failing.
    let udp: Socket | undefined;
    let port = 0;
    for (let attempt = 0; attempt < 20 && !udp; attempt++) {
      await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
      port = (tcp.address() as import('node:net').AddressInfo).port;
      const candidate = createSocket('udp4');
      const bound = await new Promise<boolean>((r) => {
        candidate.once('error', () => r(false));
        candidate.bind(port, '127.0.0.1', () => r(true));
      });
      if (bound) udp = candidate;
      else {
        candidate.close();
        await new Promise<void>((r) => tcp.close(() => r()));
      }
    }
    if (!udp) throw new Error('no port free for both UDP and TCP after 20 attempts');
    const server = udp;
    server.on('message', (msg, rinfo) => {
      const q = dnsPacket.decode(msg);
      const tc = dnsPacket.encode({
        type: 'response',
        id: q.id,
        flags: dnsPacket.TRUNCATED_RESPONSE,
        questions: q.questions,
      });
      server.send(tc, rinfo.port, rinfo.address);
    });
    try {
      const r = new Resolver({ servers: [{ host: '127.0.0.1', port }], timeoutMs: 2000, retries: 0 });
      const a = await r.resolve('tc.example', 'TXT');
      expect(a).toMatchObject({ state: 'error', transport: 'tcp', truncated: true });
      expect(a.detail).toMatch(/malformed or mismatched TCP answer/);
    } finally {
      udp.close();
      for (const c of conns) c.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  });

  it('answers an invalid name with an error state instead of throwing', async () => {
    const r = resolver();
    const long = await r.resolve(`${'a'.repeat(70)}.example`, 'A');
    expect(long).toMatchObject({ state: 'error', detail: expect.stringMatching(/not a valid DNS name/) });
    expect((await r.resolve('a..example', 'TXT')).state).toBe('error');
  });

  it('parses server specs', () => {
    expect(parseServer('1.1.1.1')).toEqual({ host: '1.1.1.1', port: 53 });
    expect(parseServer('127.0.0.1:5353')).toEqual({ host: '127.0.0.1', port: 5353 });
    expect(parseServer('[::1]:5353')).toEqual({ host: '::1', port: 5353 });
    expect(parseServer('2001:db8::1')).toEqual({ host: '2001:db8::1', port: 53 });
  });
});
