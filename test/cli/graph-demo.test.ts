import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseConfig } from '../../src/config/load.ts';
import { loadChecks } from '../../src/engine/registry.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { collectSnapshot, credentialFailures } from '../../src/pipeline.ts';
import { startSimulation } from '../../src/simulator/index.ts';
import { runDemo } from '../helpers/demo.ts';
import { memoryIo } from '../helpers/io.ts';

const GRAPH_CHECKS = [
  'tenant.user-realm',
  'tenant.exo-service-enabled',
  'sync.enabled',
  'sync.freshness',
  'sync.provisioning-errors',
  'sync.exchange-provisioning-errors',
  'sync.upn-routable',
  'domain.verified-email',
  'domain.coexistence',
  'app.registration-exists',
  'app.required-permissions',
  'app.admin-consent',
  'app.credentials-expiry',
  'app.redirect-uris',
  'app.ews-retirement-readiness',
  'hybrid.dedicated-app-cloud',
  'hybrid.first-party-sp-hygiene',
  'app.scan-permissions',
];

async function demo(scenario: string) {
  const { code, result } = await runDemo(scenario);
  const status = (id: string) => result.checks.find((c: { id: string }) => c.id === id)?.status;
  return { code, result, status };
}

describe('demo: Graph checks', () => {
  it('contoso-ready shows every Graph check with a real status (none skipped, none failing)', {
    timeout: 30_000,
  }, async () => {
    const { status, result } = await demo('contoso-ready');
    for (const id of GRAPH_CHECKS) expect(['pass', 'info'], id).toContain(status(id));
    const graph = result.sources.find((s: { id: string }) => s.id === 'graph');
    expect(graph).toMatchObject({ status: 'ok' });
    expect(graph?.requests).toBeGreaterThan(5);
  });

  const broken: [string, string[], string][] = [
    ['graph-realm-unknown', ['tenant.user-realm'], 'fail'],
    ['graph-no-exo', ['tenant.exo-service-enabled'], 'fail'],
    ['graph-sync-disabled', ['sync.enabled', 'sync.freshness'], 'fail'],
    ['graph-sync-stale', ['sync.freshness'], 'fail'],
    ['graph-provisioning-errors', ['sync.provisioning-errors', 'sync.exchange-provisioning-errors'], 'fail'],
    ['graph-upn-nonroutable', ['sync.upn-routable'], 'fail'],
    ['graph-domain-unverified', ['domain.verified-email'], 'fail'],
    ['graph-no-coexistence', ['domain.coexistence'], 'fail'],
    ['graph-app-missing', ['app.registration-exists'], 'fail'],
    [
      'graph-app-misconfigured',
      ['app.required-permissions', 'app.admin-consent', 'app.credentials-expiry'],
      'fail',
    ],
    ['graph-app-misconfigured', ['app.redirect-uris', 'app.ews-retirement-readiness'], 'warn'],
    ['graph-hybrid-app-missing', ['hybrid.dedicated-app-cloud'], 'warn'],
    // Read by the app id the on-prem auth server names, not only by the ExchangeServerApp- prefix:
    // the same statuses as contoso-ready (info: Graph stage not yet needed), where a miss would warn.
    ['graph-hybrid-app-custom-name', ['hybrid.dedicated-app-cloud', 'hybrid.first-party-sp-hygiene'], 'info'],
    ['graph-first-party-keys', ['hybrid.first-party-sp-hygiene'], 'warn'],
    ['graph-forbidden', ['app.registration-exists', 'hybrid.dedicated-app-cloud'], 'error'],
    ['graph-forbidden', ['app.scan-permissions'], 'warn'],
  ];
  for (const [scenario, ids, expected] of broken) {
    it(`${scenario}: ${ids.join(', ')} → ${expected}`, { timeout: 30_000 }, async () => {
      const { status } = await demo(scenario);
      for (const id of ids) expect(status(id), id).toBe(expected);
    });
  }

  it('graph-wrong-secret, Graph the only credentialed source: exit 2 with the AADSTS explanation', {
    timeout: 30_000,
  }, async () => {
    const io = memoryIo();
    const code = await main(
      ['node', 'hybridscan', 'demo', '--scenario', 'graph-wrong-secret', '--format', 'json', '--quiet'],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(/AADSTS7000215.*secret VALUE/);
  });

  it('a wrong secret with another credentialed source signed in: Graph checks are errors', async () => {
    const snapshot = await collectGraphOnly('graph-wrong-secret');
    snapshot.sources.ldap = { status: 'ok', requests: 1, requestsByEndpoint: {}, durationMs: 1 };
    expect(credentialFailures(snapshot)).toBeUndefined();
    const checks = (await loadChecks()).filter((c) => c.id === 'sync.enabled');
    const [result] = runChecks(checks, { snapshot, settings: { domains: [] } });
    expect(result).toMatchObject({ status: 'error' });
    expect(result?.reason).toMatch(/AADSTS7000215.*AUTH_FAILED/);
  }, 30_000);

  it('graph-throttled: recovers and stays ready', { timeout: 30_000 }, async () => {
    const { status } = await demo('graph-throttled');
    for (const id of GRAPH_CHECKS) expect(['pass', 'info'], id).toContain(status(id));
  });
});

/** A snapshot of a scenario's Graph and OpenID sources, collected through the normal pipeline. */
async function collectGraphOnly(scenario: string) {
  const sim = await startSimulation(scenario);
  try {
    const loaded = parseConfig(sim.config, scenario, process.cwd(), sim.env);
    return await collectSnapshot({ loaded });
  } finally {
    await sim.stop();
  }
}
