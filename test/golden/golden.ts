import { readdirSync } from 'node:fs';
import type { ScanResult } from '../../src/engine/types.ts';
import { loadScenario } from '../../src/simulator/scenario.ts';

export const GOLDEN_DIR = 'fixtures/golden';
/**
 * The demo scenarios that get a golden snapshot: all but the scaled ones (`scale:` in
 * scenario.yaml). Their snapshots are megabytes of copies of a scenario that has its own golden
 * (contoso-2000: about 5 MB of contoso-ready's users 500 times); test/cli/scale-demo.test.ts holds
 * them to their base scenario's statuses instead.
 */
export function goldenScenarios(): string[] {
  return readdirSync('fixtures/scenarios').filter((s) => !loadScenario(s).scale);
}

/** Scenarios whose whole ScanResult (timings aside) is kept, not only the statuses. */
export const FULL_RESULT_SCENARIOS = ['contoso-ready', 'journal-gateway-internal', 'graph-app-misconfigured'];

export interface GoldenStatuses {
  verdict: string;
  checks: Record<string, { status: string; findings: Record<string, number> }>;
}

/** What must never change in a refactor: the verdict, each check's status and its findings' statuses. */
export function statusesOf(result: ScanResult): GoldenStatuses {
  const checks: GoldenStatuses['checks'] = {};
  for (const c of result.checks) {
    const findings: Record<string, number> = {};
    for (const f of c.findings) findings[f.status] = (findings[f.status] ?? 0) + 1;
    checks[c.id] = { status: c.status, findings };
  }
  return { verdict: result.verdict, checks };
}

/** A result with its wall-clock fields removed, so two evaluations of one snapshot compare equal. */
export function stripTimings(result: ScanResult): unknown {
  return JSON.parse(JSON.stringify(result, (key, value) => (key === 'durationMs' ? undefined : value)));
}
