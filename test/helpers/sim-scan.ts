import os from 'node:os';
import { parseConfig } from '../../src/config/load.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { scan } from '../../src/pipeline.ts';
import type { GraphStats } from '../../src/simulator/graph/handler.ts';
import { startSimulation } from '../../src/simulator/index.ts';
import type { ScaleSpec } from '../../src/simulator/scale.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';

/**
 * What `hybridscan demo --scenario NAME` does (the scenario's simulators, its config, a full scan
 * through the real collectors and checks), with what the simulators counted and the scan's wall
 * time. `scale` scales the scenario's organisation (see src/simulator/scale.ts).
 */
export async function scanSimulated(
  name: string,
  options: { scale?: ScaleSpec } = {},
): Promise<{ exitCode: number; result: ScanResult; snapshot: Snapshot; graph: GraphStats; scanMs: number }> {
  const sim = await startSimulation(name, options);
  try {
    const env = { PATH: process.env.PATH, ...sim.env };
    const loaded = parseConfig(sim.config, `demo scenario ${name}`, sim.scenario.dirs[0]!, env);
    const started = performance.now();
    const outcome = await scan(
      { loaded, failOn: 'fail', defaultSnapshotDir: os.tmpdir() },
      { env, cwd: process.cwd(), notice: () => {} },
    );
    const scanMs = performance.now() - started;
    if (!outcome.result)
      throw new Error(`${name}: nothing judged (${outcome.credentialFailures?.join('; ')})`);
    const graph = sim.stats.graph as GraphStats;
    return { exitCode: outcome.exitCode, result: outcome.result, snapshot: outcome.snapshot, graph, scanMs };
  } finally {
    await sim.stop();
  }
}

/** The verdict and every check's status: what a larger organisation must not change. */
export function checkStatuses(result: ScanResult): { verdict: string; checks: Record<string, string> } {
  return { verdict: result.verdict, checks: Object.fromEntries(result.checks.map((c) => [c.id, c.status])) };
}

/** How many items an artifact of the snapshot holds (-1: not collected). */
export function rows(snapshot: Snapshot, key: string): number {
  const a = (snapshot.artifacts as Record<string, { status: string; data?: unknown }>)[key];
  return a?.status === 'ok' && Array.isArray(a.data) ? a.data.length : -1;
}
