import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { type GraphData, loadGraphData, resolveTimes } from '../../src/simulator/graph/data.ts';
import { issueToken } from '../../src/simulator/graph/token.ts';
import { loadScenario } from '../../src/simulator/scenario.ts';
import { type RunningGraph, startGraphServer } from '../../src/simulator/servers/graph.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';

const ca = readFileSync(TEST_CA_FILE, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the simulator, read loosely in tests
type Json = any;
let server: RunningGraph | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ALL = [
  'Organization.Read.All',
  'Domain.Read.All',
  'User.Read.All',
  'Application.Read.All',
  'MailboxSettings.Read',
];
const token = (roles = ALL) =>
  issueToken({
    aud: 'https://graph.microsoft.com',
    tid: '8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11',
    roles,
    exp: Math.floor(Date.now() / 1000) + 600,
  });

function call(
  path: string,
  opts: { method?: string; body?: unknown; auth?: string | null } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Json }> {
  const u = new URL(path, server!.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: opts.method ?? 'GET',
        ca,
        headers: {
          ...(opts.auth === null ? {} : { authorization: `Bearer ${opts.auth ?? token()}` }),
          'content-type': 'application/json',
        },
        timeout: 5000,
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(JSON.stringify(opts.body));
    req.end();
  });
}

const contoso = () => loadGraphData(loadScenario('contoso-ready'))!;

describe('Graph simulator', () => {
  it('applies $select and pages with $top and @odata.nextLink', { timeout: 10_000 }, async () => {
    server = await startGraphServer(contoso());
    const first = await call('/v1.0/users?$select=id,userPrincipalName&$top=2');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body.value[0]).sort()).toEqual(['id', 'userPrincipalName']);
    expect(first.body.value).toHaveLength(2);
    const seen = [...first.body.value];
    let next: string | undefined = first.body['@odata.nextLink'];
    let pages = 1;
    while (next) {
      const page = await call(next);
      seen.push(...page.body.value);
      next = page.body['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.map((u) => u.userPrincipalName)).toContain('admin@contoso.onmicrosoft.com');
    expect(seen).toHaveLength(5);
  });

  it('serves alternate keys, 404 for unknown objects and $filter startswith', {
    timeout: 10_000,
  }, async () => {
    server = await startGraphServer(contoso());
    const app = await call(
      "/v1.0/applications(appId='9b2e5c1d-7f3a-4e8b-a1c6-2d4f6e8a0b1c')?$select=displayName",
    );
    expect(app.body).toEqual({ displayName: 'MailStore Server' });
    const missing = await call("/v1.0/servicePrincipals(appId='00000000-0000-0000-0000-000000000000')");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    const filtered = await call(
      "/v1.0/applications?$filter=startswith(displayName,'ExchangeServerApp-')&$select=appId",
    );
    expect(filtered.body.value).toEqual([{ appId: 'c0ffee00-1111-4222-8333-444455556666' }]);
  });

  it('answers 401 without a valid token and 403 without the permission', { timeout: 10_000 }, async () => {
    server = await startGraphServer(contoso());
    expect((await call('/v1.0/organization', { auth: null })).status).toBe(401);
    expect((await call('/v1.0/organization', { auth: 'a.b.c' })).status).toBe(401);
    // A validly signed token for another resource (Exchange Online, an IP taken for Graph) is refused.
    for (const aud of ['https://outlook.office365.com', 'https://127.0.0.1:8443', undefined]) {
      const other = issueToken({ aud, roles: ALL, exp: Math.floor(Date.now() / 1000) + 600 });
      const r = await call('/v1.0/organization', { auth: other });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('InvalidAuthenticationToken');
      expect(r.body.error.message).toMatch(/audience/i);
    }
    const denied = await call('/v1.0/applications', { auth: token(['User.Read.All']) });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Authorization_RequestDenied');
    // Directory.Read.All covers the directory reads, not mailbox settings.
    expect((await call('/v1.0/applications', { auth: token(['Directory.Read.All']) })).status).toBe(200);
    const mbx = await call('/v1.0/users/bob@contoso.com/mailboxSettings', {
      auth: token(['Directory.Read.All']),
    });
    expect(mbx.status).toBe(403);
  });

  it('answers $batch (max 20) item by item, mailboxSettings by mailbox location', {
    timeout: 10_000,
  }, async () => {
    server = await startGraphServer(contoso());
    const res = await call('/v1.0/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: '/users/bob@contoso.com/mailboxSettings?$select=userPurpose' },
          { id: '2', method: 'GET', url: '/users/alice@contoso.com/mailboxSettings' },
          { id: '3', method: 'GET', url: '/domains/contoso.com/serviceConfigurationRecords' },
        ],
      },
    });
    const byId = Object.fromEntries(res.body.responses.map((r: Json) => [r.id, r]));
    expect(byId['1']).toMatchObject({ status: 200, body: { userPurpose: 'user' } });
    expect(byId['2']).toMatchObject({
      status: 404,
      body: { error: { code: 'MailboxNotEnabledForRESTAPI' } },
    });
    expect(byId['3'].body.value).toHaveLength(3);
    const tooMany = await call('/v1.0/$batch', {
      method: 'POST',
      body: {
        requests: Array.from({ length: 21 }, (_, i) => ({
          id: String(i),
          method: 'GET',
          url: '/organization',
        })),
      },
    });
    expect(tooMany.status).toBe(400);
  });

  it('throttles every Nth request with Retry-After and adds latency', { timeout: 10_000 }, async () => {
    const data: GraphData = {
      ...contoso(),
      simulation: { throttleEvery: 3, retryAfterSeconds: 2, latencyMs: 50 },
    };
    server = await startGraphServer(data);
    const started = performance.now();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push(await call('/v1.0/organization'));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 429, 200, 200, 429]);
    expect(statuses[2]!.headers['retry-after']).toBe('2');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('resolves $-{now±N} times relative to the start', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const ref = (s: string) => `\${${s}}`;
    expect(resolveTimes({ a: [ref('now-17m'), ref('now+2d'), ref('now'), 'plain'] }, now)).toEqual({
      a: ['2026-11-25T11:43:00Z', '2026-11-27T12:00:00Z', '2026-11-25T12:00:00Z', 'plain'],
    });
  });
});
