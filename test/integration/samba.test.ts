import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { loadBuiltinChecks } from '../../src/engine/registry.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { SCENARIOS_DIR } from '../../src/simulator/scenario.ts';
import { collectAll } from '../../src/sources/collect.ts';
import { LdapError, LdapSession } from '../../src/sources/ldap/client.ts';
import collector from '../../src/sources/ldap/collector.ts';
import { loadTlsTrust } from '../../src/util/tls.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_UPN,
  DOMAIN_DN,
  generatedGuid,
  provisionSamba,
  type SambaDc,
  sambaWorkDir,
  unavailableReason,
} from './samba/fixture.ts';

const USERS = Number(process.env.HYBRIDSCAN_SAMBA_USERS ?? 10_000);
const BIG_GROUP = 3000;
const IP = process.env.HYBRIDSCAN_SAMBA_IP ?? '127.0.0.44';
const required = process.env.HYBRIDSCAN_REQUIRE_INTEGRATION === '1';
const reason = unavailableReason();
if (reason && !required) console.warn(`[samba tier] SKIPPED: ${reason}`);

const say = (line: string) => console.log(`[samba tier] ${line}`);

describe.skipIf(Boolean(reason) && !required)('Samba AD DC (real Active Directory over LDAPS)', () => {
  let dc: SambaDc | undefined;
  let dir = '';
  let ca: string[] = [];

  beforeAll(async () => {
    if (reason)
      throw new Error(`Samba tier required (HYBRIDSCAN_REQUIRE_INTEGRATION=1) but cannot run: ${reason}`);
    dir = sambaWorkDir();
    try {
      dc = await provisionSamba({
        dir: join(dir, 'dc'),
        ip: IP,
        scenarioLdif: readFileSync(join(SCENARIOS_DIR, 'contoso-ready', 'ldap.ldif'), 'utf8'),
        users: USERS,
        bigGroupMembers: BIG_GROUP,
        log: say,
      });
    } catch (err) {
      const line = `Samba AD DC could not start: ${(err as Error).message.split('\n')[0]}`;
      console.error(`[samba tier] ${line}`);
      throw new Error(line);
    }
    ca = [...rootCertificates, readFileSync(dc.caFile, 'utf8')];
  }, 600_000);

  afterAll(async () => {
    await dc?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const config = (over: Record<string, unknown> = {}) =>
    configSchema.parse({
      tenant: 'contoso.onmicrosoft.com',
      domains: ['contoso.com'],
      ldap: {
        url: dc!.url,
        bindDn: ADMIN_UPN,
        password: ADMIN_PASSWORD,
        caFile: dc!.caFile,
        archivingServiceAccount: 'svc-mailstore',
        ...over,
      },
    });

  it('collects every LDAP artifact over verified LDAPS, reading all users in pages of 1000', async () => {
    const cfg = config();
    const t0 = performance.now();
    const out = await collectAll({
      config: cfg,
      collectors: [collector],
      tls: loadTlsTrust(cfg),
      signal: AbortSignal.timeout(120_000),
    });
    const ms = Math.round(performance.now() - t0);
    const failed = Object.entries(out.artifacts).filter(([, a]) => a.status !== 'ok');
    expect(failed).toEqual([]);
    const users = (out.artifacts['ldap.users'] as { data: AdUser[] }).data;
    const pages = out.sources.ldap!.requestsByEndpoint['search page'] ?? 0;
    say(
      `paged read of ${users.length} users (${USERS} generated + scenario + built-in) over ldaps://${IP} with a verified certificate: ` +
        `collector ${ms} ms in total, ${pages} search pages of <= 1000 entries`,
    );
    expect(users.length).toBeGreaterThanOrEqual(USERS + 6);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(USERS / 1000));
    // binary attributes arrive as bytes: the generated objectGUID round-trips exactly
    const u7 = users.find((u) => u.sAMAccountName === 'user00007');
    expect(u7?.objectGuid).toBe(generatedGuid(7).toString('base64'));
    expect(u7?.consistencyGuid).toBe(u7?.objectGuid);
    expect(users.find((u) => u.sAMAccountName === 'alice')?.objectGuid).toBe('q2pWyJ3+5UiqoeO2l0VBAQ==');
    expect(users.filter((u) => u.msExchRecipientTypeDetails === '2147483648').length).toBe(
      Math.ceil(USERS / 4) + 2,
    );

    // the checks over the real directory: contoso-ready is healthy, so nothing fails
    const checks = (await loadBuiltinChecks()).filter(
      (c) => c.requires.every((k) => k.startsWith('ldap.')) && /^(ad|exch|sync)\./.test(c.id),
    );
    const results = runChecks(checks, {
      snapshot: { artifacts: out.artifacts, sources: out.sources, finishedAt: new Date().toISOString() },
      settings: { tenant: 'contoso.onmicrosoft.com', domains: ['contoso.com'] },
    });
    for (const r of results)
      say(
        `${r.id}: ${r.status} — ${r.findings
          .map((f) => f.message)
          .join(' | ')
          .slice(0, 160)}`,
      );
    expect(results.length).toBeGreaterThanOrEqual(18);
    expect(
      results.filter((r) => !['pass', 'info'].includes(r.status)).map((r) => `${r.id}: ${r.status}`),
    ).toEqual([]);
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId['exch.remote-mailbox-routing']?.findings[0]?.message).toMatch(/^\d+ of \d+ remote mailboxes/);
    expect(byId['exch.archiving-service-account']?.findings[0]?.message).toMatch(/through group/);
  }, 180_000);

  it('pages through 10,000 users: every page <= 1000 entries (AD MaxPageSize), count and time logged', async () => {
    let pages = 0;
    let largest = 0;
    const s = await LdapSession.open({
      url: dc!.url,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      startTls: false,
      allowInsecure: false,
      ca,
      timeoutMs: 30_000,
      pageSize: 1000,
      onPage: ({ entries }) => {
        pages++;
        largest = Math.max(largest, entries);
      },
    });
    try {
      const t0 = performance.now();
      const users = await s.search(DOMAIN_DN, {
        filter: '(&(objectCategory=person)(objectClass=user))',
        attributes: [
          'userPrincipalName',
          'proxyAddresses',
          'objectGUID',
          'mS-DS-ConsistencyGuid',
          'msExchRecipientTypeDetails',
        ],
      });
      const ms = Math.round(performance.now() - t0);
      say(
        `PAGED READ: ${users.length} users in ${ms} ms, ${pages} pages (largest page ${largest} entries), ldaps://${IP} verified`,
      );
      expect(users.length).toBeGreaterThanOrEqual(USERS);
      expect(pages).toBe(Math.ceil(users.length / 1000));
      expect(largest).toBeLessThanOrEqual(1000);
      expect(users.every((u) => Buffer.isBuffer(u.attrs.get('objectguid')?.[0]))).toBe(true);
      // AD's bitwise matching rule on a Large Integer attribute (RemoteUserMailbox = 2^31)
      const remote = await s.search(DOMAIN_DN, {
        filter: '(msExchRecipientTypeDetails:1.2.840.113556.1.4.804:=2147483648)',
        attributes: ['sAMAccountName'],
      });
      expect(remote.length).toBe(Math.ceil(USERS / 4) + 2);
      await expect(
        LdapSession.open({
          url: dc!.url,
          startTls: false,
          allowInsecure: false,
          ca,
          timeoutMs: 5000,
          pageSize: 5000,
        }),
      ).rejects.toThrow(/pageSize must be 1\.\.1000/);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('reads a 3000-member group with ranged retrieval', async () => {
    const s = await LdapSession.open({
      url: dc!.url,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      startTls: false,
      allowInsecure: false,
      ca,
      timeoutMs: 30_000,
      pageSize: 1000,
    });
    try {
      const members = await s.rangedValues(`CN=Big Group,OU=Groups,OU=Contoso,${DOMAIN_DN}`, 'member');
      say(`ranged retrieval of member: ${members.length} values`);
      expect(new Set(members.map((m) => m.toLowerCase())).size).toBe(Math.min(BIG_GROUP, USERS));
    } finally {
      await s.close();
    }
  });

  it('a wrong password fails with AUTH_FAILED naming the AD sub-code 52e', async () => {
    const cfg = config({ password: 'not-the-password' });
    const out = await collectAll({
      config: cfg,
      collectors: [collector],
      tls: loadTlsTrust(cfg),
      signal: AbortSignal.timeout(30_000),
    });
    const users = out.artifacts['ldap.users'];
    expect(users?.status).toBe('error');
    if (users?.status !== 'error') return;
    expect(users.error.code).toBe('AUTH_FAILED');
    expect(users.error.message).toMatch(/result 49 invalidCredentials, AD sub-code 52e/);
    expect(users.error.message).not.toContain('not-the-password');
  });

  it('StartTLS on ldap:// works with the verified certificate; ldap:// without it is refused before binding', async () => {
    const host = `ldap://${IP}`;
    const s = await LdapSession.open({
      url: host,
      startTls: true,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      allowInsecure: false,
      ca,
      timeoutMs: 30_000,
      pageSize: 1000,
    });
    expect(s.transport).toBe('starttls');
    expect((await s.read('', ['defaultNamingContext']))?.attrs.get('defaultnamingcontext')?.[0]).toBe(
      DOMAIN_DN,
    );
    await s.close();
    const refused = await LdapSession.open({
      url: host,
      startTls: false,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      allowInsecure: false,
      ca,
      timeoutMs: 30_000,
      pageSize: 1000,
    }).catch((e) => e);
    expect(refused).toBeInstanceOf(LdapError);
    expect((refused as LdapError).code).toBe('INSECURE_BIND');
    expect((refused as Error).message).toMatch(/ldap.startTls: true/);
    // allowInsecure lets the client try; Samba itself then demands transport encryption (result 8)
    const server = await LdapSession.open({
      url: host,
      startTls: false,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      allowInsecure: true,
      ca,
      timeoutMs: 30_000,
      pageSize: 1000,
    }).catch((e) => e);
    expect((server as LdapError).code).toBe('STRONG_AUTH_REQUIRED');
  });

  it('LDAPS without the DC CA fails verification (never silently trusted)', async () => {
    const err = await LdapSession.open({
      url: dc!.url,
      startTls: false,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      allowInsecure: false,
      ca: [...rootCertificates],
      timeoutMs: 30_000,
      pageSize: 1000,
    }).catch((e) => e);
    expect((err as LdapError).code).toBe('TLS');
  });
});
