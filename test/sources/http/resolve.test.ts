import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttps, startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { tlsHandshake } from '../../../src/sources/http/handshake.ts';
import { probeHttps } from '../../../src/sources/http/probe.ts';
import { configuredLookup } from '../../../src/sources/http/resolve.ts';

const ca = readFileSync(TEST_CA_FILE, 'utf8');
const trust = { ca: [ca], extra: [ca] };

/** A minimal authoritative DNS server on loopback: mail.contoso.com A 127.0.0.1, the rest NXDOMAIN. */
let dns: Socket;
let dnsPort = 0;
let https: RunningHttps;
let asked: string[] = [];

beforeAll(async () => {
  dns = createSocket('udp4');
  dns.on('message', (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    if (!question) return;
    asked.push(`${question.name}/${question.type}`);
    const known = question.name.toLowerCase() === 'mail.contoso.com';
    const answers =
      known && question.type === 'A'
        ? [{ type: 'A' as const, name: question.name, ttl: 60, data: '127.0.0.1' }]
        : [];
    const reply = dnsPacket.encode({
      type: 'response',
      id: q.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
      questions: q.questions,
      answers,
    });
    dns.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => dns.bind(0, '127.0.0.1', () => r()));
  dnsPort = dns.address().port;
  https = await startHttps((_q, s) => void s.writeHead(401, { 'x-feserver': 'EX01' }).end());
}, 10_000);

afterAll(async () => {
  await https?.close();
  await new Promise<void>((r) => (dns ? dns.close(() => r()) : r()));
});

describe('host names resolve through dns.servers', () => {
  it('connects to the address the configured DNS server gives, verifying the name', async () => {
    asked = [];
    const lookup = configuredLookup([`127.0.0.1:${dnsPort}`], 2000);
    expect(lookup).toBeDefined();
    const p = await probeHttps(`https://mail.contoso.com:${https.port}/EWS/Exchange.asmx`, {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      lookup,
    });
    expect(p.fault).toBeUndefined();
    expect(p.status).toBe(401);
    expect(asked).toContain('mail.contoso.com/A');
    const hs = await tlsHandshake('mail.contoso.com', https.port, 'https', ['ews'], {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      lookup,
    });
    expect(hs.certificate?.sans).toContain('mail.contoso.com');
  });

  it('reports a name the DNS server does not know as ENOTFOUND, a dead DNS server as EAI_AGAIN', async () => {
    const p = await probeHttps('https://autodiscover.fabrikam.com/', {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      lookup: configuredLookup([`127.0.0.1:${dnsPort}`], 2000),
    });
    expect(p.fault).toMatchObject({ kind: 'dns', code: 'ENOTFOUND' });
    const dead = await probeHttps('https://mail.contoso.com/', {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      lookup: configuredLookup(['127.0.0.1:9'], 200),
    });
    expect(dead.fault).toMatchObject({ kind: 'dns', code: 'EAI_AGAIN' });
  });

  it('keeps the system resolver when no usable server is configured', () => {
    expect(configuredLookup(undefined, 1000)).toBeUndefined();
    expect(configuredLookup(['dns.example.net'], 1000)).toBeUndefined();
  });
});
