import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { GRAPH_PERMISSION_IDS } from '../../src/model/graph-permissions.ts';
import { type Simulation, startSimulation } from '../../src/simulator/index.ts';
import { memoryIo } from '../helpers/io.ts';
import { ttyIo } from '../helpers/tty.ts';

/**
 * The issue-14 acceptance path on the demo's simulated tenant: `init` (answers typed at a
 * terminal) → `permissions --script` (run with a stand-in `az` that answers with the simulated
 * app) → `scan` with the values the script printed → a verdict; then the next scheduled scan
 * against the first one as its baseline.
 */
let sim: Simulation;
const cwd = mkdtempSync(join(tmpdir(), 'hybridscan-first-verdict-'));

beforeAll(async () => {
  sim = await startSimulation('contoso-ready');
});
afterAll(async () => {
  await sim?.stop();
});

type SimConfig = {
  tenant: string;
  mailstore: { appId: string; gatewayAddress: string };
  graph: { clientId: string };
  ldap: Record<string, string>;
};

describe('first verdict: init → permissions --script → scan', () => {
  it('walks the path end to end and gets a verdict', async () => {
    const c = sim.config as unknown as SimConfig;
    const dc = new URL(c.ldap.url!).host; // what an admin types: the DC's host name (here with its port)

    // 1. init, answering the questions at a (fake) terminal.
    const init = ttyIo([c.tenant, dc, c.mailstore.appId, c.mailstore.gatewayAddress], cwd);
    expect(await main(['node', 'hybridscan', 'init'], init), init.err()).toBe(0);
    const written = parse(readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8'));
    expect(written).toMatchObject({ tenant: c.tenant, ldap: { url: c.ldap.url }, mailstore: c.mailstore });

    // 2. permissions --script from ./hybridscan.yaml, with no secret in the environment yet.
    const perms = memoryIo({}, cwd);
    expect(await main(['node', 'hybridscan', 'permissions', '--script', '--shell', 'azure-cli'], perms)).toBe(
      0,
    );
    const script = perms.out();
    const json = memoryIo({}, cwd);
    await main(['node', 'hybridscan', 'permissions', '--json'], json);
    const needed = (JSON.parse(json.out()) as { graph: { permission: string }[] }).graph.map(
      (g) => g.permission,
    );
    expect(needed.length).toBeGreaterThan(0);
    for (const p of needed) expect(script).toContain(`${GRAPH_PERMISSION_IDS[p]}=Role`);
    expect(script).toContain(`TENANT='${c.tenant}'`);

    // The script, run with an `az` that stands in for the tenant, prints the values for the config.
    const secret = sim.env.HYBRIDSCAN_DEMO_GRAPH_SECRET!;
    const bin = join(cwd, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'az'),
      `#!/bin/sh\ncase "$*" in\n  "ad app create"*) echo ${c.graph.clientId} ;;\n  "ad sp create"*) echo 99999999-8888-4777-8666-555555555555 ;;\n  "ad app credential reset"*) echo '${secret}' ;;\n  "account show --query tenantId"*) echo 8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11 ;;\nesac\n`,
    );
    chmodSync(join(bin, 'az'), 0o755);
    writeFileSync(join(cwd, 'hybridscan-app.sh'), script);
    const printed = execFileSync('bash', ['hybridscan-app.sh'], {
      cwd,
      env: { PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    const clientId = /clientId: (\S+)/.exec(printed)?.[1];
    expect(clientId).toBe(c.graph.clientId);
    expect(printed).toContain('clientSecret: ${HYBRIDSCAN_CLIENT_SECRET}');

    // 3. The admin pastes clientId into hybridscan.yaml. The lab additionally points every
    //    endpoint at the simulators and names the simulated AD's read account.
    const lab = sim.config as Record<string, unknown>;
    const config = {
      ...written,
      graph: { clientId, clientSecret: '${HYBRIDSCAN_CLIENT_SECRET}' },
      ldap: {
        ...written.ldap,
        bindDn: c.ldap.bindDn,
        caFile: c.ldap.caFile,
        archivingServiceAccount: c.ldap.archivingServiceAccount,
      },
      domains: lab.domains,
      endpoints: lab.endpoints,
      dns: lab.dns,
      probes: lab.probes,
      exchangeOnline: lab.exchangeOnline,
    };
    writeFileSync(join(cwd, 'hybridscan.yaml'), stringify(config));
    const env = {
      HYBRIDSCAN_CLIENT_SECRET: secret,
      HYBRIDSCAN_LDAP_PASSWORD: sim.env.HYBRIDSCAN_DEMO_LDAP_PASSWORD!,
    };
    const scan = memoryIo(env, cwd);
    const code = await main(
      ['node', 'hybridscan', 'scan', '--format', 'json', '--out', 'reports', '--quiet'],
      scan,
    );
    const result = JSON.parse(readFileSync(join(cwd, 'reports', 'hybridscan.json'), 'utf8')) as ScanResult;
    expect(result.verdict, scan.err()).toBe('ready');
    expect(code).toBe(0);
    expect(result.sources.find((s) => s.id === 'graph')?.status).toBe('ok');
    expect(result.sources.find((s) => s.id === 'ldap')?.status).toBe('ok');

    // 4. The next scheduled scan, against the first one: nothing new, exit 0 with --fail-on new.
    const again = memoryIo(env, cwd);
    const next = await main(
      [
        'node',
        'hybridscan',
        'scan',
        '--baseline',
        'reports/hybridscan.json',
        '--fail-on',
        'new',
        '--format',
        'json',
      ],
      again,
    );
    expect(next, again.err()).toBe(0);
    expect(JSON.parse(again.out()).baseline).toMatchObject({ new: 0, fixed: 0 });
    expect(again.err()).toMatch(/Since the baseline: 0 new, 0 fixed, \d+ unchanged/);
  }, 60_000);
});
