/**
 * One measurement of `npm run bench`, in its own process so its peak RSS is its own: loads a
 * saved snapshot the way `hybridscan evaluate` does, evaluates every check once (cold, as a CLI
 * run would) and prints one JSON line with the timings, the memory and each check's status.
 */
import { evaluate } from '../src/engine/evaluate.ts';
import { loadChecks } from '../src/engine/registry.ts';
import { loadSnapshot } from '../src/snapshot/io.ts';
import { peakRssMb } from './children.ts';

export interface ChildReport {
  loadMs: number;
  evaluateMs: number;
  /** CPU time (user + system, all threads) of the evaluation: what a busy machine does not inflate. */
  evaluateCpuMs: number;
  /** RSS with the snapshot loaded, before evaluation. */
  rssLoadedMb: number;
  /** Peak RSS once the snapshot was read and parsed, before evaluation (bench/children.ts peakRssMb). */
  rssPeakLoadedMb: number;
  /** Peak RSS of the whole process (bench/children.ts peakRssMb). */
  rssPeakMb: number;
  /** Heap in use after evaluation and a full GC: what the result and the model keep. */
  heapAfterMb: number;
  statuses: Record<string, string>;
  slowest: { id: string; ms: number }[];
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
// The last argument, compiled or through tsx (bench/children.ts).
const file = process.argv.at(-1)!;
if (!file.endsWith('.json')) throw new Error('usage: evaluate-child SNAPSHOT.json');

const checks = await loadChecks();
const loadStarted = performance.now();
const snapshot = loadSnapshot(file);
const loadMs = performance.now() - loadStarted;
globalThis.gc?.();
const rssLoadedMb = mb(process.memoryUsage().rss);
const rssPeakLoadedMb = peakRssMb();

const started = performance.now();
const cpu = process.cpuUsage();
const result = evaluate(snapshot, { config: { ...snapshot.config, plugins: [] }, checks });
const evaluateMs = performance.now() - started;
const cpuUsed = process.cpuUsage(cpu);
globalThis.gc?.();

const report: ChildReport = {
  loadMs: Math.round(loadMs),
  evaluateMs: Math.round(evaluateMs),
  evaluateCpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
  rssLoadedMb,
  rssPeakLoadedMb,
  rssPeakMb: peakRssMb(),
  heapAfterMb: mb(process.memoryUsage().heapUsed),
  statuses: Object.fromEntries(result.checks.map((c) => [c.id, c.status])),
  slowest: [...result.checks]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((c) => ({ id: c.id, ms: Math.round(c.durationMs) })),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
