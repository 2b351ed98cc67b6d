/**
 * `npm run bench`: speed and memory targets, measured here rather than in timed unit tests.
 *   1. demo scan of contoso-ready end to end (simulators on loopback), median of 5 runs;
 *   2. evaluate of a synthetic snapshot with 50,000 Entra and 50,000 AD users, every check;
 *      graph.domains is present so sync.upn-routable (one model join, no per-user search) runs.
 * Exits 1 when a target is missed, so a regression is visible.
 */
import { main } from '../src/cli/main.ts';
import { parseConfig } from '../src/config/load.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { loadChecks } from '../src/engine/registry.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { memoryIo } from '../test/helpers/io.ts';

const TARGETS = { demoMedianMs: 5000, evaluateMs: 3000, evaluateHeapMb: 600 };
const USERS = 50_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchDemo(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const io = memoryIo({ CI: 'true' });
    await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet'], io);
    times.push(performance.now() - started);
  }
  return median(times);
}

function syntheticSnapshot(): Snapshot {
  const { config } = parseConfig(
    { tenant: 'contoso.onmicrosoft.com', domains: ['contoso.com'] },
    'bench',
    '/',
  );
  const graphUsers = [];
  const adUsers = [];
  for (let i = 0; i < USERS; i++) {
    const anchor = Buffer.alloc(16);
    anchor.writeUInt32BE(i, 0);
    const b64 = anchor.toString('base64');
    graphUsers.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: `user${i}@contoso.com`,
      mail: `user${i}@contoso.com`,
      proxyAddresses: [`SMTP:user${i}@contoso.com`, `smtp:user${i}@contoso.mail.onmicrosoft.com`],
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: b64,
      onPremisesProvisioningErrors: [],
      serviceProvisioningErrors: [],
      assignedPlans: [],
    });
    adUsers.push({
      dn: `CN=User ${i},OU=Users,DC=corp,DC=contoso,DC=com`,
      sAMAccountName: `user${i}`,
      userPrincipalName: `user${i}@contoso.com`,
      mail: `user${i}@contoso.com`,
      proxyAddresses: [`SMTP:user${i}@contoso.com`],
      objectGuid: b64,
    });
  }
  const now = new Date().toISOString();
  const source = { status: 'ok' as const, requests: 1, requestsByEndpoint: {}, durationMs: 1 };
  return {
    kind: 'hybridscan-snapshot',
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: 'bench' },
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    config,
    sources: { graph: source, ldap: source },
    artifacts: {
      'graph.users': { status: 'ok', data: graphUsers },
      'ldap.users': { status: 'ok', data: adUsers },
      'graph.domains': {
        status: 'ok',
        data: [
          { id: 'contoso.com', isVerified: true, isDefault: true, supportedServices: ['Email'] },
          { id: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true, supportedServices: ['Email'] },
        ],
      },
    },
  };
}

async function benchEvaluate(): Promise<{ ms: number; heapMb: number; checks: number }> {
  const checks = await loadChecks();
  const snapshot = syntheticSnapshot();
  const started = performance.now();
  const result = evaluate(snapshot, { config: snapshot.config, checks });
  const ms = performance.now() - started;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  return { ms, heapMb, checks: result.checks.filter((c) => c.status !== 'skipped').length };
}

const demoMs = await benchDemo();
const evalStats = await benchEvaluate();
const rows = [
  [
    'demo scan (contoso-ready), median of 5',
    `${demoMs.toFixed(0)} ms`,
    `< ${TARGETS.demoMedianMs} ms`,
    demoMs < TARGETS.demoMedianMs,
  ],
  [
    `evaluate ${USERS} + ${USERS} users with graph.domains (${evalStats.checks} checks ran)`,
    `${evalStats.ms.toFixed(0)} ms`,
    `< ${TARGETS.evaluateMs} ms`,
    evalStats.ms < TARGETS.evaluateMs,
  ],
  [
    'heap after evaluate',
    `${evalStats.heapMb.toFixed(0)} MB`,
    `< ${TARGETS.evaluateHeapMb} MB`,
    evalStats.heapMb < TARGETS.evaluateHeapMb,
  ],
] as const;
for (const [what, got, target, ok] of rows)
  console.log(`${ok ? 'ok  ' : 'MISS'} ${what}: ${got} (target ${target})`);
process.exitCode = rows.every((r) => r[3]) ? 0 : 1;
