import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHang, startSmtp } from '../../../src/simulator/exchange/listeners.ts';
import {
  type RunningHttps,
  startHttps,
  TEST_CA_FILE,
  testServerCredentials,
} from '../../../src/simulator/tls.ts';
import { tlsHandshake } from '../../../src/sources/http/handshake.ts';
import { probeHttps } from '../../../src/sources/http/probe.ts';
import type { TlsTrust } from '../../../src/util/tls.ts';

const caPem = readFileSync(TEST_CA_FILE, 'utf8');
/** Trust as loadTlsTrust builds it: Node's roots plus the test CA from endpoints.caFile. */
const trust: TlsTrust = { ca: [caPem], extra: [caPem] };
/** Node's roots only: the test CA is unknown. */
const systemOnly: TlsTrust = { ca: [...(await import('node:tls')).rootCertificates], extra: [] };

let good: RunningHttps;
let expired: RunningHttps;
let wrongName: RunningHttps;
let reset: { server: Server; port: number };

beforeAll(async () => {
  good = await startHttps((req, res) => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/ok') {
      res.writeHead(401, [
        ['WWW-Authenticate', 'Bearer client_id="a", trusted_issuers="b@c"'],
        ['WWW-Authenticate', 'Negotiate'],
        ['X-FEServer', 'EX01'],
        ['Set-Cookie', 'secret=1'],
      ]);
      return void res.end();
    }
    if (url.pathname === '/hop') {
      const n = Number(url.searchParams.get('n') ?? 0);
      res.writeHead(302, { location: n >= 2 ? '/ok' : `/hop?n=${n + 1}` });
      return void res.end();
    }
    if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop2' });
      return void res.end();
    }
    if (url.pathname === '/loop2') {
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    }
    if (url.pathname === '/plain') {
      res.writeHead(301, { location: 'http://mail.contoso.com/owa/' });
      return void res.end();
    }
    if (url.pathname === '/echo-host') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(`${req.method} ${req.headers.host}`);
    }
    res.writeHead(404);
    res.end();
  });
  expired = await startHttps((_q, s) => void s.end('x'), testServerCredentials('expired'));
  wrongName = await startHttps((_q, s) => void s.end('x'), testServerCredentials('wrong-name'));
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.resetAndDestroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  reset = { server, port: (server.address() as { port: number }).port };
}, 10_000);

afterAll(async () => {
  await Promise.all([good?.close(), expired?.close(), wrongName?.close()]);
  await new Promise<void>((r) => (reset ? reset.server.close(() => r()) : r()));
});

const to = (name: string, port: number) => [`${name}:443:127.0.0.1:${port}`];

describe('probeHttps over real TLS on loopback', () => {
  it('connects to a real name through connectTo, verifies it and keeps status, headers and certificate', async () => {
    const p = await probeHttps('https://mail.contoso.com/ok', {
      tls: trust,
      connectTo: to('mail.contoso.com', good.port),
      timeoutMs: 5000,
      keepCertificate: true,
    });
    expect(p.fault).toBeUndefined();
    expect(p.status).toBe(401);
    expect(p.headers['www-authenticate']).toEqual([
      'Bearer client_id="a", trusted_issuers="b@c"',
      'Negotiate',
    ]);
    expect(p.headers['x-feserver']).toEqual(['EX01']);
    expect(p.headers['set-cookie']).toBeUndefined();
    expect(p.certificate?.sans).toContain('mail.contoso.com');
    expect(p.certificate?.issuer).toBe('CN=hybridscan test CA');
    expect(p.certificate?.trustedBy).toBe('caFile');
    expect(p.certificate?.chain.length).toBeGreaterThanOrEqual(2);
    expect(p.certificate?.selfSigned).toBe(false);
  });

  it('sends the URL host in Host and the method and body asked for', async () => {
    const p = await probeHttps('https://autodiscover.contoso.com/echo-host', {
      tls: trust,
      connectTo: to('autodiscover.contoso.com', good.port),
      timeoutMs: 5000,
      method: 'POST',
      body: '<x/>',
    });
    expect(p.body).toBe('POST autodiscover.contoso.com');
    expect(p.certificate).toBeUndefined();
  });

  it('follows redirects up to the limit and records the chain', async () => {
    const p = await probeHttps(`${good.origin}/hop`, {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      maxRedirects: 3,
    });
    expect(p.status).toBe(401);
    expect(p.redirects.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(p.finalUrl).toBe(`${good.origin}/ok`);
  });

  it('stops at the redirect limit with a fault, and returns a 302 untouched without following', async () => {
    const limited = await probeHttps(`${good.origin}/hop`, {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      maxRedirects: 1,
    });
    expect(limited.fault?.code).toBe('ETOOMANYREDIRECTS');
    const raw = await probeHttps(`${good.origin}/hop`, { tls: trust, connectTo: [], timeoutMs: 5000 });
    expect(raw.status).toBe(302);
    expect(raw.headers.location).toEqual(['/hop?n=1']);
    expect(raw.fault).toBeUndefined();
  });

  it('detects a redirect loop and never follows to plain http', async () => {
    const loop = await probeHttps(`${good.origin}/loop`, {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      maxRedirects: 5,
    });
    expect(loop.fault?.code).toBe('EREDIRECTLOOP');
    expect(loop.redirects).toHaveLength(2);
    const plain = await probeHttps(`${good.origin}/plain`, {
      tls: trust,
      connectTo: [],
      timeoutMs: 5000,
      maxRedirects: 3,
    });
    expect(plain.fault).toMatchObject({ kind: 'redirect', code: 'EINSECURE' });
    expect(plain.redirects[0]?.location).toBe('http://mail.contoso.com/owa/');
  });

  it('reports an expired certificate as a TLS fault with its code', async () => {
    const p = await probeHttps('https://mail.contoso.com/', {
      tls: trust,
      connectTo: to('mail.contoso.com', expired.port),
      timeoutMs: 5000,
    });
    expect(p.fault).toMatchObject({ kind: 'tls', code: 'CERT_HAS_EXPIRED' });
    expect(p.status).toBeUndefined();
    // The rejected certificate is still recorded for the evidence.
    expect(p.certificate).toMatchObject({
      validTo: '2021-01-01T00:00:00.000Z',
      subject: 'CN=mail.contoso.com',
    });
  });

  it('reports a name mismatch with the certificate that was presented', async () => {
    const p = await probeHttps('https://mail.contoso.com/', {
      tls: trust,
      connectTo: to('mail.contoso.com', wrongName.port),
      timeoutMs: 5000,
    });
    expect(p.fault).toMatchObject({ kind: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(p.certificate?.sans).toEqual(['www.fabrikam.com']);
  });

  it('does not trust the test CA without endpoints.caFile', async () => {
    const p = await probeHttps('https://mail.contoso.com/ok', {
      tls: systemOnly,
      connectTo: to('mail.contoso.com', good.port),
      timeoutMs: 5000,
    });
    expect(p.fault?.kind).toBe('tls');
    expect(p.fault?.code).toMatch(
      /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET_ISSUER_CERT_LOCALLY|VERIFY_LEAF_SIGNATURE)/,
    );
  });

  it('ends a server that accepts and never answers as a timeout within the probe timeout', async () => {
    const hang = await startHang();
    try {
      const t0 = performance.now();
      const p = await probeHttps('https://mail.contoso.com/', {
        tls: trust,
        connectTo: to('mail.contoso.com', hang.port),
        timeoutMs: 400,
      });
      const took = performance.now() - t0;
      expect(p.fault).toMatchObject({ kind: 'timeout', code: 'ETIMEDOUT' });
      expect(took).toBeGreaterThanOrEqual(350);
      expect(took).toBeLessThan(2000);
    } finally {
      await hang.close();
    }
  });

  it('times out a server that completes TLS but never answers, and one that trickles its body forever', async () => {
    const timers: NodeJS.Timeout[] = [];
    const silent = await startHttps(() => new Promise<void>(() => {}));
    const trickle = await startHttps((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      timers.push(setInterval(() => res.write('.'), 50));
    });
    try {
      for (const server of [silent, trickle]) {
        const t0 = performance.now();
        const p = await probeHttps('https://mail.contoso.com/', {
          tls: trust,
          connectTo: to('mail.contoso.com', server.port),
          timeoutMs: 400,
        });
        expect(p.fault).toMatchObject({ kind: 'timeout', code: 'ETIMEDOUT' });
        expect(performance.now() - t0).toBeLessThan(2000);
      }
    } finally {
      for (const t of timers) clearInterval(t);
      await Promise.all([silent.close(), trickle.close()]);
    }
  });

  it('reports a reset and a refused connection with their causes', async () => {
    const r = await probeHttps('https://mail.contoso.com/', {
      tls: trust,
      connectTo: to('mail.contoso.com', reset.port),
      timeoutMs: 3000,
    });
    expect(r.fault?.kind).toBe('reset');
    const closed = await startHang();
    const port = closed.port;
    await closed.close();
    const refused = await probeHttps('https://mail.contoso.com/', {
      tls: trust,
      connectTo: to('mail.contoso.com', port),
      timeoutMs: 3000,
    });
    expect(refused.fault).toMatchObject({ kind: 'refused', code: 'ECONNREFUSED' });
  });

  it('stops at once when the overall deadline fires', async () => {
    const hang = await startHang();
    try {
      const t0 = performance.now();
      const p = await probeHttps('https://mail.contoso.com/', {
        tls: trust,
        connectTo: to('mail.contoso.com', hang.port),
        timeoutMs: 10_000,
        signal: AbortSignal.timeout(200),
      });
      expect(p.fault?.kind).toBe('aborted');
      expect(performance.now() - t0).toBeLessThan(3000);
    } finally {
      await hang.close();
    }
  });
});

describe('tlsHandshake', () => {
  it('reads the HTTPS certificate, and the SMTP certificate after STARTTLS', async () => {
    const smtp = await startSmtp('mail.contoso.com');
    try {
      const https = await tlsHandshake('mail.contoso.com', 443, 'https', ['ews'], {
        tls: trust,
        connectTo: to('mail.contoso.com', good.port),
        timeoutMs: 3000,
      });
      expect(https.fault).toBeUndefined();
      expect(https.certificate?.sans).toContain('mail.contoso.com');
      const s = await tlsHandshake('mail.contoso.com', 25, 'smtp', ['smtp'], {
        tls: trust,
        connectTo: [`mail.contoso.com:25:127.0.0.1:${smtp.port}`],
        timeoutMs: 3000,
      });
      expect(s.fault).toBeUndefined();
      expect(s.certificate?.issuer).toBe('CN=hybridscan test CA');
    } finally {
      await smtp.close();
    }
  });

  it('reports an SMTP server with an expired certificate and a host that never answers', async () => {
    const smtp = await startSmtp('mail.contoso.com', 'expired');
    const hang = await startHang();
    try {
      const s = await tlsHandshake('mail.contoso.com', 25, 'smtp', ['smtp'], {
        tls: trust,
        connectTo: [`mail.contoso.com:25:127.0.0.1:${smtp.port}`],
        timeoutMs: 3000,
      });
      expect(s.fault).toMatchObject({ kind: 'tls', code: 'CERT_HAS_EXPIRED' });
      const h = await tlsHandshake('mail.contoso.com', 25, 'smtp', ['smtp'], {
        tls: trust,
        connectTo: [`mail.contoso.com:25:127.0.0.1:${hang.port}`],
        timeoutMs: 300,
      });
      expect(h.fault?.kind).toBe('timeout');
    } finally {
      await Promise.all([smtp.close(), hang.close()]);
    }
  });
});
