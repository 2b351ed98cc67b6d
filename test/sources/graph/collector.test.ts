import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphMailboxProbe, GraphTokenPermissions, GraphUser } from '../../../src/evidence/graph.ts';
import { PKI_DIR } from '../../../src/simulator/scenario.ts';
import { errorOf, type Harness, ok, startHarness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ALL_KEYS = [
  'graph.tokenPermissions',
  'graph.organization',
  'graph.domains',
  'graph.domainRecords',
  'graph.users',
  'graph.mailboxProbes',
  'graph.archiveApp',
  'graph.resourceServicePrincipals',
  'graph.hybridApps',
  'graph.exoServicePrincipal',
];

describe('graph collector: authentication over HTTPS', () => {
  it('client secret: collects every artifact and records the token roles', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => {
        const app = d.applications.find((a) => a.displayName === 'MailStore Server')!;
        app.passwordCredentials = [
          { keyId: 'k', displayName: 'MailStore', hint: 'Qx7', endDateTime: '2030-01-01T00:00:00Z' },
        ];
        return d;
      },
    });
    const c = await h.collect();
    for (const key of ALL_KEYS) expect(c.artifacts[key]?.status, key).toBe('ok');
    const perms = ok<GraphTokenPermissions>(c, 'graph.tokenPermissions');
    expect(perms).toMatchObject({ mode: 'application', auth: 'secret', missing: [] });
    expect(perms.roles).toContain('Application.Read.All');
    expect(ok<GraphUser[]>(c, 'graph.users').map((u) => u.userPrincipalName)).toEqual([
      'alice@contoso.com',
      'bob@contoso.com',
      'carol@contoso.com',
      'dave@contoso.com',
      'admin@contoso.onmicrosoft.com',
    ]);
    // Requests are counted per endpoint, the token endpoint included.
    expect(c.sources.graph?.requestsByEndpoint['login: POST /{tenant}/oauth2/v2.0/token']).toBe(1);
    expect(c.sources.graph?.requestsByEndpoint['GET /users']).toBe(1);
    // The secret never lands in an artifact.
    expect(JSON.stringify(c)).not.toContain('sim~contoso-demo-secret-value');
    // Nor the secret hint Graph returns for password credentials.
    expect(JSON.stringify(c.artifacts['graph.archiveApp'])).toContain('"displayName":"MailStore"');
    expect(JSON.stringify(c)).not.toContain('Qx7');
  });

  const certConfig = (x5c: boolean) => ({
    graph: {
      clientSecret: undefined,
      certificate: { certFile: join(PKI_DIR, 'server.pem'), keyFile: join(PKI_DIR, 'server.key'), x5c },
    },
  });
  it('certificate: SHA-256 thumbprint assertion', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', { config: certConfig(false) });
    const c = await h.collect();
    expect(ok<GraphTokenPermissions>(c, 'graph.tokenPermissions').auth).toBe('certificate');
    expect(c.artifacts['graph.organization']?.status).toBe('ok');
  });

  it('certificate with x5c (subject name + issuer): the chain is sent only when configured', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', {
      app: (a) => ({ ...a, requireX5c: true }),
      config: certConfig(true),
    });
    expect((await h.collect()).artifacts['graph.organization']?.status).toBe('ok');
    await h.close();
    h = await startHarness('contoso-ready', {
      app: (a) => ({ ...a, requireX5c: true }),
      config: certConfig(false),
    });
    expect(errorOf(await h.collect(), 'graph.organization').message).toMatch(/AADSTS700027/);
  });

  it('a certificate the app does not know: AADSTS700027 explained', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      app: (a) => ({ ...a, certificates: [] }),
      config: {
        graph: {
          clientSecret: undefined,
          certificate: { certFile: join(PKI_DIR, 'server.pem'), keyFile: join(PKI_DIR, 'server.key') },
        },
      },
    });
    const e = errorOf(await h.collect(), 'graph.users');
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/AADSTS700027.*Upload the certificate/);
  });

  it('device code: prints the sign-in message through the prompt and uses delegated scopes', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', {
      config: { graph: { clientSecret: undefined, deviceCode: true } },
    });
    const messages: string[] = [];
    const c = await h.collect({ prompt: (m) => messages.push(m) });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/devicelogin.*enter the code [0-9A-F]{8}/);
    const perms = ok<GraphTokenPermissions>(c, 'graph.tokenPermissions');
    expect(perms).toMatchObject({
      mode: 'delegated',
      auth: 'device-code',
      user: 'admin@contoso.onmicrosoft.com',
    });
    expect(perms.scopes).toContain('User.Read.All');
    expect(c.artifacts['graph.users']?.status).toBe('ok');
  });

  it('wrong secret: every artifact fails with AUTH_FAILED and the AADSTS explanation', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('graph-wrong-secret');
    const c = await h.collect();
    for (const key of ALL_KEYS) {
      const e = errorOf(c, key);
      expect(e.code).toBe('AUTH_FAILED');
      expect(e.message).toContain('AADSTS7000215');
      expect(e.message).toContain('secret VALUE');
    }
    expect(c.sources.graph?.status).toBe('error');
  });

  it('expired secret and unknown app are told apart', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', { app: (a) => ({ ...a, secretExpired: true }) });
    expect(errorOf(await h.collect(), 'graph.users').message).toMatch(/AADSTS7000222.*expired/);
    await h.close();
    h = await startHarness('contoso-ready', {
      config: { graph: { clientId: '11111111-2222-4333-8444-555555555555' } },
    });
    expect(errorOf(await h.collect(), 'graph.users').message).toMatch(
      /AADSTS700016.*no application with this clientId/,
    );
  });

  it('device code: polls while authorization is pending', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      app: (a) => ({ ...a, devicePending: 1 }),
      config: { graph: { clientSecret: undefined, deviceCode: true } },
    });
    const c = await h.collect();
    expect(c.sources.graph?.requestsByEndpoint['login: POST /{tenant}/oauth2/v2.0/token']).toBe(2);
    expect(c.artifacts['graph.users']?.status).toBe('ok');
  });

  it('token endpoint throttled past the budget: AUTH_FAILED error, not a hang', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', {
      app: (a) => ({ ...a, tokenThrottle: 100 }),
      config: { graph: { maxAttempts: 2 } },
    });
    const started = performance.now();
    const e = errorOf(await h.collect(), 'graph.users');
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/temporarily_unavailable|AADSTS50196/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("a tenant the login service does not know: the AADSTS90002 cause, not MSAL's endpoints_resolution_error", {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', { config: { tenant: 'fabrikam.onmicrosoft.com' } });
    const e = errorOf(await h.collect(), 'graph.users');
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/AADSTS90002.*tenant was not found/);
  });

  it('retries the token endpoint after 429 (MSAL does not)', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', { app: (a) => ({ ...a, tokenThrottle: 1 }) });
    const c = await h.collect();
    expect(c.artifacts['graph.organization']?.status).toBe('ok');
    expect(c.sources.graph?.requestsByEndpoint['login: POST /{tenant}/oauth2/v2.0/token']).toBe(2);
  });

  it('honours endpoints.caFile: without the test CA the TLS fault is the cause', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness();
    const e = errorOf(await h.collect({ withoutTestCa: true }), 'graph.organization');
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).toMatch(/SELF_SIGNED|self.signed|unable to verify|certificate/i);
  });
});

describe('graph collector: collection', () => {
  it('pages through @odata.nextLink (3+ pages), page by page', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({
        ...d,
        simulation: { maxPageSize: 2 },
        users: [
          ...d.users,
          ...Array.from({ length: 4 }, (_, i) => ({
            id: `00000000-0000-4000-8000-00000000010${i}`,
            userPrincipalName: `extra${i}@contoso.com`,
            proxyAddresses: [],
            mailbox: 'none' as const,
          })),
        ],
      }),
    });
    const c = await h.collect();
    const users = ok<GraphUser[]>(c, 'graph.users');
    expect(users).toHaveLength(9);
    expect(new Set(users.map((u) => u.id)).size).toBe(9);
    expect(c.sources.graph?.requestsByEndpoint['GET /users']).toBe(5); // 9 users, 2 per page
    expect(h.graph.stats.byRoute['GET /users']).toBe(5);
  });

  it('says how far the users read is against /users/$count (ConsistencyLevel: eventual)', {
    timeout: 20_000,
  }, async () => {
    const extra = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(200 + i).padStart(12, '0')}`,
        userPrincipalName: `more${i}@contoso.com`,
        proxyAddresses: [],
        mailbox: 'none' as const,
      }));
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { maxPageSize: 2 }, users: [...d.users, ...extra(5)] }),
    });
    const lines: string[] = [];
    const c = await h.collect({ progress: (source, text) => source === 'graph' && lines.push(text) });
    expect(ok<GraphUser[]>(c, 'graph.users')).toHaveLength(10);
    expect(h.graph.stats.byRoute['GET /users/$count']).toBe(1);
    // the count is asked beside the first page: the later pages know the total
    expect(lines.filter((l) => l.startsWith('Entra users '))).toContain('Entra users 10 / ~10');
  });

  it('without the count (refused), the users read says how many so far and nothing fails', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { maxPageSize: 2, refuseCount: true } }),
    });
    const lines: string[] = [];
    const c = await h.collect({ progress: (source, text) => source === 'graph' && lines.push(text) });
    for (const key of ALL_KEYS) expect(c.artifacts[key]?.status, key).toBe('ok');
    expect(h.graph.stats.byRoute['GET /users/$count']).toBe(1);
    expect(lines).toContain('Entra users 5');
    expect(lines.some((l) => l.includes('~'))).toBe(false);
  });

  it('recovers from throttling (429 + Retry-After) within the bound', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { throttleEvery: 3, retryAfterSeconds: 0.05 } }),
    });
    const started = performance.now();
    const c = await h.collect();
    for (const key of ALL_KEYS) expect(c.artifacts[key]?.status, key).toBe('ok');
    expect(h.graph.stats.throttled).toBeGreaterThan(2);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('gives up past the retry budget with THROTTLED errors, not a hang', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { throttleEvery: 1, retryAfterSeconds: 0.2 } }),
      config: { graph: { maxAttempts: 3, maxRetryWaitMs: 1000 } },
    });
    const started = performance.now();
    const c = await h.collect();
    const elapsed = performance.now() - started;
    const e = errorOf(c, 'graph.organization');
    expect(e.code).toBe('THROTTLED');
    expect(e.message).toMatch(/429/);
    expect(elapsed).toBeLessThan(5000);
    expect(c.artifacts['graph.tokenPermissions']?.status).toBe('ok');
  });

  it('403 names the missing permission, known up front from the token', { timeout: 20_000 }, async () => {
    h = await startHarness('graph-forbidden');
    const c = await h.collect();
    expect(ok<GraphTokenPermissions>(c, 'graph.tokenPermissions').missing).toEqual(['Application.Read.All']);
    for (const key of [
      'graph.archiveApp',
      'graph.hybridApps',
      'graph.exoServicePrincipal',
      'graph.resourceServicePrincipals',
    ]) {
      const e = errorOf(c, key);
      expect(e).toMatchObject({ code: 'FORBIDDEN', permission: 'Application.Read.All' });
      expect(e.message).toContain('Application.Read.All');
    }
    expect(c.artifacts['graph.users']?.status).toBe('ok');
    expect(c.sources.graph?.status).toBe('partial');
  });

  it('probes mailboxSettings for suspects only, through $batch', { timeout: 20_000 }, async () => {
    h = await startHarness('graph-provisioning-errors', {
      config: { probes: { onPremisesMailbox: 'alice@contoso.com' } },
    });
    const c = await h.collect();
    const probes = ok<Record<string, GraphMailboxProbe>>(c, 'graph.mailboxProbes');
    // suspects, then (for mbx.*) users with an Exchange plan, then other mail-enabled users;
    // the cloud-only admin (no mail, no plan) is not probed
    expect(Object.keys(probes).sort()).toEqual([
      'alice@contoso.com',
      'bob@contoso.com',
      'carol@contoso.com',
      'dave@contoso.com',
    ]);
    expect(probes['bob@contoso.com']).toMatchObject({
      mailbox: 'cloud',
      reason: 'directory-sync provisioning error',
      userPurpose: 'user',
    });
    expect(probes['alice@contoso.com']).toMatchObject({
      mailbox: 'not-in-cloud',
      code: 'MailboxNotEnabledForRESTAPI',
      reason: 'configured probe user (probes.onPremisesMailbox)',
    });
    expect(probes['carol@contoso.com']?.reason).toBe('mailbox placement: Exchange Online plan');
    expect(probes['dave@contoso.com']?.reason).toBe('mailbox placement: mail-enabled user');
    expect(c.sources.graph?.requestsByEndpoint['GET /users/{id}/mailboxSettings']).toBeUndefined();
    expect(h.graph.stats.byRoute['GET /users/{id}/mailboxSettings']).toBe(4);
  });

  it('graph.maxMailboxProbes bounds the probes, suspects first', { timeout: 20_000 }, async () => {
    h = await startHarness('graph-provisioning-errors', { config: { graph: { maxMailboxProbes: 2 } } });
    const c = await h.collect();
    const probes = ok<Record<string, GraphMailboxProbe>>(c, 'graph.mailboxProbes');
    // bob (provisioning error) first, then carol (the next user with an Exchange plan)
    expect(Object.keys(probes).sort()).toEqual(['bob@contoso.com', 'carol@contoso.com']);
    expect(h.graph.stats.byRoute['GET /users/{id}/mailboxSettings']).toBe(2);
  });

  it('retries throttled $batch items on their own', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({
        ...d,
        simulation: { throttleEvery: 5, retryAfterSeconds: 0.05 },
        domains: Array.from({ length: 25 }, (_, i) => ({ ...d.domains[0]!, id: `d${i}.contoso.com` })),
      }),
    });
    const c = await h.collect();
    const records = ok<Record<string, unknown[]>>(c, 'graph.domainRecords');
    expect(Object.keys(records)).toHaveLength(25);
    expect(Object.values(records).every((r) => r.length === 3)).toBe(true);
    expect(h.graph.stats.batches).toBeGreaterThanOrEqual(3); // 25 → 2 batches, then the throttled items
  });

  it('keeps at most graph.concurrency requests in flight', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { latencyMs: 40 } }),
      config: { graph: { concurrency: 2 } },
    });
    const c = await h.collect();
    expect(c.artifacts['graph.users']?.status).toBe('ok');
    expect(h.graph.stats.maxInFlight).toBe(2);
    await h.close();
    h = await startHarness('contoso-ready', {
      data: (d) => ({ ...d, simulation: { latencyMs: 40 } }),
      config: { graph: { concurrency: 6 } },
    });
    await h.collect();
    expect(h.graph.stats.maxInFlight).toBeGreaterThan(2);
    expect(h.graph.stats.maxInFlight).toBeLessThanOrEqual(6);
  });

  it('without mailstore.appId the archive app is not collected (checks skip), not an error', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness('contoso-ready', { config: { mailstore: { appId: undefined } } });
    const c = await h.collect();
    expect(c.artifacts['graph.archiveApp']).toBeUndefined();
    expect(c.sources.graph?.status).toBe('ok');
  });

  it('a Graph host that is down: each artifact errors with the network code, the scan goes on', {
    timeout: 20_000,
  }, async () => {
    h = await startHarness();
    await h.graph.close();
    const c = await h.collect();
    expect(errorOf(c, 'graph.organization').code).toBe('ECONNREFUSED');
    expect(c.artifacts['graph.tokenPermissions']?.status).toBe('ok');
  });

  it('no admin consent at all (token without roles): 403s say so', { timeout: 20_000 }, async () => {
    h = await startHarness('contoso-ready', { app: (a) => ({ ...a, roles: [] }) });
    const c = await h.collect();
    expect(ok<GraphTokenPermissions>(c, 'graph.tokenPermissions').missing).toHaveLength(5);
    const e = errorOf(c, 'graph.users');
    expect(e).toMatchObject({ code: 'FORBIDDEN', permission: 'User.Read.All' });
    expect(e.message).toMatch(/admin consent was never granted/);
  });
});
