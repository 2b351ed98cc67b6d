import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/simulator/graph/token.ts';
import { type Simulation, startSimulation } from '../../src/simulator/index.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';

const ca = readFileSync(TEST_CA_FILE, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the simulator, read loosely in tests
type Json = any;
let sim: Simulation;
beforeAll(async () => {
  sim = await startSimulation('contoso-ready');
}, 10_000);
afterAll(async () => {
  await sim?.stop();
});

function call(url: string, form?: Record<string, string>): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: form ? 'POST' : 'GET',
        ca,
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
        timeout: 5000,
      },
      (res) => {
        let t = '';
        res.on('data', (c) => (t += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(t) }));
      },
    );
    req.on('error', reject);
    if (form) req.write(new URLSearchParams(form).toString());
    req.end();
  });
}

const login = () => (sim.config.endpoints as { login: string }).login;
const clientId = () => (sim.config.graph as { clientId: string }).clientId;

describe('login simulator: token service', () => {
  it('issues a signed app token with the consented roles for the right secret', {
    timeout: 10_000,
  }, async () => {
    const res = await call(`${login()}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: clientId(),
      client_secret: sim.env.HYBRIDSCAN_DEMO_GRAPH_SECRET!,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(200);
    const claims = verifyToken(res.body.access_token);
    expect(claims).toMatchObject({
      tid: '8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11',
      aud: 'https://graph.microsoft.com',
    });
    expect(claims?.roles).toContain('Organization.Read.All');
  });

  it('answers AADSTS7000215 for a wrong secret and AADSTS700016 for an unknown app', {
    timeout: 10_000,
  }, async () => {
    const wrong = await call(`${login()}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: clientId(),
      client_secret: 'nope',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error_description).toMatch(/^AADSTS7000215/);
    const unknown = await call(`${login()}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: 'x',
      client_secret: 'nope',
    });
    expect(unknown.body.error_codes).toEqual([700016]);
  });

  it('serves getuserrealm, JWKS and instance discovery', { timeout: 10_000 }, async () => {
    const realm = await call(`${login()}/getuserrealm.srf?login=probe%40contoso.com&json=1`);
    expect(realm.body).toMatchObject({ NameSpaceType: 'Managed', CloudInstanceName: 'microsoftonline.com' });
    const unknown = await call(`${login()}/getuserrealm.srf?login=probe%40fabrikam.com&json=1`);
    expect(unknown.body.NameSpaceType).toBe('Unknown');
    const keys = await call(`${login()}/8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11/discovery/v2.0/keys`);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    const disco = await call(`${login()}/common/discovery/instance?api-version=1.1`);
    expect(disco.body.metadata[0].aliases[0]).toBe(new URL(login()).host);
  });
});
