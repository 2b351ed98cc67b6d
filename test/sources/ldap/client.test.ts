import { createServer, type Server, Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Directory } from '../../../src/simulator/ldap/directory.ts';
import { explainLdapError, LdapError, LdapSession } from '../../../src/sources/ldap/client.ts';
import {
  BIND_DN,
  DOMAIN,
  openSession,
  PASSWORD,
  sessionOptions,
  startSim,
  testDirectory,
} from '../../helpers/ldap-sim.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as LdapError,
  );

describe('LDAP client: transport and bind', () => {
  it('a wrong password is AUTH_FAILED naming result 49 and AD sub-code 52e, without echoing the password', async () => {
    sim = await startSim();
    const err = await failure(openSession(sim.url, { password: 'wrong-password-123' }));
    expect(err).toBeInstanceOf(LdapError);
    expect(err?.code).toBe('AUTH_FAILED');
    expect(err?.subCode).toBe('52e');
    expect(err?.message).toMatch(/result 49 invalidCredentials, AD sub-code 52e: invalid credentials/);
    expect(err?.message).not.toContain('wrong-password-123');
  });

  it.each([
    ['533', /account disabled/],
    ['775', /account locked out.*Wait for the lockout/],
    ['532', /password expired/],
    ['701', /account expired/],
    ['773', /must reset the password/],
  ] as const)('explains AD sub-code %s', async (state, text) => {
    sim = await startSim({}, [{ names: [BIND_DN], password: PASSWORD, state }]);
    const err = await failure(openSession(sim.url));
    expect(err?.code).toBe('AUTH_FAILED');
    expect(err?.message).toMatch(new RegExp(`AD sub-code ${state}`));
    expect(err?.message).toMatch(text);
  });

  it('refuses a simple bind over ldap:// without StartTLS, before connecting, and explains what to do', async () => {
    sim = await startSim({ mode: 'ldap' });
    const err = await failure(openSession(`ldap://localhost:${sim.port}`));
    expect(err?.code).toBe('INSECURE_BIND');
    expect(err?.message).toMatch(/clear text/);
    expect(err?.message).toMatch(/ldaps:\/\/localhost/);
    expect(err?.message).toMatch(/ldap\.startTls: true/);
    expect(err?.message).toMatch(/ldap\.allowInsecure: true/);
    expect(sim.binds).toEqual([]);
  });

  it.each([
    ['LDAPS', {}, ''],
    ['StartTLS', { mode: 'ldap' as const }, 'ldap'],
  ])(
    'turns Nagle off on its socket over %s, as libldap does (no delayed-ACK stall per request)',
    async (_, mode, scheme) => {
      const noDelay = vi.spyOn(Socket.prototype, 'setNoDelay');
      try {
        sim = await startSim(mode);
        const url = scheme ? `ldap://localhost:${sim.port}` : sim.url;
        const s = await openSession(url, scheme ? { startTls: true } : {});
        expect(await s.read('', ['defaultNamingContext'])).toBeDefined();
        await s.close();
        // the client's socket; the simulator's own are made with noDelay by its server
        expect(noDelay).toHaveBeenCalledWith(true);
      } finally {
        noDelay.mockRestore();
      }
    },
  );

  it('binds over ldap:// with StartTLS and a verified certificate', async () => {
    sim = await startSim({ mode: 'ldap' });
    const s = await openSession(`ldap://localhost:${sim.port}`, { startTls: true });
    expect(s.transport).toBe('starttls');
    expect((await s.read('', ['defaultNamingContext']))?.attrs.get('defaultnamingcontext')).toEqual([DOMAIN]);
    await s.close();
    expect(sim.binds).toEqual([{ name: BIND_DN, result: 0 }]);
  });

  it('with allowInsecure the server (like AD with signing required) still refuses a plain simple bind: result 8 explained', async () => {
    sim = await startSim({ mode: 'ldap' });
    const err = await failure(openSession(`ldap://localhost:${sim.port}`, { allowInsecure: true }));
    expect(err?.code).toBe('STRONG_AUTH_REQUIRED');
    expect(err?.message).toMatch(/Use ldaps:\/\/ or set ldap.startTls: true/);
  });

  it('fails TLS verification without the CA (never turned off) and says to set ldap.caFile', async () => {
    sim = await startSim();
    const err = await failure(openSession(sim.url, { ca: [...rootCertificates] }));
    expect(err?.code).toBe('TLS');
    expect(err?.message).toMatch(/ldap\.caFile/);
  });

  it('times out an operation the server never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const err = await failure(openSession(`ldap://127.0.0.1:${port}`, { startTls: true, timeoutMs: 300 }));
      expect(err?.code).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });

  it('connects through endpoints.connectTo and verifies the certificate for the URL host name', async () => {
    sim = await startSim();
    const url = `ldaps://dc01.contoso.com:${sim.port}`;
    const s = await openSession(url, { connectTo: [`dc01.contoso.com:${sim.port}:127.0.0.1:${sim.port}`] });
    expect(s.server).toBe(url);
    await s.close();
    const wrongName = await failure(
      openSession(`ldaps://dc01.corp.fabrikam.com:${sim.port}`, {
        connectTo: [`:${sim.port}:127.0.0.1:${sim.port}`],
      }),
    );
    expect(wrongName?.code).toBe('TLS');
  });

  it('a closed port is a NETWORK fault', async () => {
    const err = await failure(openSession('ldaps://127.0.0.1:1', { timeoutMs: 2000 }));
    expect(err?.code).toBe('NETWORK');
  });
});

describe('LDAP client: searches', () => {
  it('refuses a page size above AD MaxPageSize (1000)', async () => {
    await expect(LdapSession.open(sessionOptions('ldaps://localhost:1', { pageSize: 1001 }))).rejects.toThrow(
      /1\.\.1000/,
    );
  });

  it('sends the paged control on every search, the rootDSE included', async () => {
    sim = await startSim();
    const s = await openSession(sim.url, { pageSize: 500 });
    await s.read('', ['defaultNamingContext']);
    await s.search(DOMAIN, { filter: '(objectClass=user)', attributes: ['cn'] });
    await s.close();
    expect(sim.log.length).toBeGreaterThan(1);
    expect(sim.log.every((l) => l.paged && l.pageSize === 500)).toBe(true);
  });

  it('returns binary attributes as bytes even when they happen to be valid UTF-8 (exact-case explicitBufferAttributes)', async () => {
    const dir = testDirectory();
    const ascii = Buffer.from('1234567890abcdef', 'latin1');
    const entry = dir.get(`CN=Dave Davis,OU=Users,OU=Contoso,${DOMAIN}`)!;
    entry.attrs.set('objectguid', { name: 'objectGUID', values: [ascii] });
    entry.attrs.set('ms-ds-consistencyguid', { name: 'mS-DS-ConsistencyGuid', values: [ascii] });
    sim = await startSim({ directory: dir as Directory });
    const s = await openSession(sim.url);
    const [dave] = await s.search(DOMAIN, {
      filter: '(sAMAccountName=dave)',
      attributes: ['objectGUID', 'mS-DS-ConsistencyGuid', 'msExchMailboxGuid'],
    });
    await s.close();
    expect(Buffer.isBuffer(dave?.attrs.get('objectguid')?.[0])).toBe(true);
    expect(Buffer.from(dave!.attrs.get('objectguid')![0]!).equals(ascii)).toBe(true);
    expect(Buffer.isBuffer(dave?.attrs.get('ms-ds-consistencyguid')?.[0])).toBe(true);
    expect(Buffer.isBuffer(dave?.attrs.get('msexchmailboxguid')?.[0])).toBe(true);
  });

  it('tolerates continuation references (domain subtree search)', async () => {
    sim = await startSim();
    const s = await openSession(sim.url);
    const found = await s.search(DOMAIN, { filter: '(objectClass=organizationalUnit)', attributes: ['ou'] });
    await s.close();
    expect(found.map((e) => e.dn).length).toBe(4);
  });

  it('reports the entries read so far after each page (progress of long reads)', async () => {
    sim = await startSim();
    const s = await openSession(sim.url, { pageSize: 2 });
    const seen: number[] = [];
    const found = await s.search(DOMAIN, { filter: '(objectClass=user)', onProgress: (n) => seen.push(n) });
    await s.close();
    expect(seen.length).toBe(Math.ceil(found.length / 2));
    expect(seen.at(-1)).toBe(found.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('stops early at a limit', async () => {
    sim = await startSim();
    const s = await openSession(sim.url, { pageSize: 2 });
    expect(await s.search(DOMAIN, { filter: '(objectClass=user)', limit: 3 })).toHaveLength(3);
    await s.close();
  });
});

describe('explainLdapError', () => {
  it('maps result codes and socket errors', () => {
    expect(explainLdapError({ code: 50, message: 'x' }, 'search', 's').code).toBe('FORBIDDEN');
    expect(explainLdapError({ code: 32, message: 'x' }, 'search', 's').code).toBe('NOT_FOUND');
    expect(
      explainLdapError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'c', 's')
        .code,
    ).toBe('NETWORK');
    expect(
      explainLdapError({ code: 49, message: 'AcceptSecurityContext error, data 775, v4563' }, 'bind', 's')
        .message,
    ).toMatch(/775: account locked out/);
  });
});
