/**
 * The application layer: the use cases `scan`, `collect` and `evaluateSnapshot`, each returning
 * what it produced and the exit code of the contract. The CLI only parses flags, calls these and
 * prints or writes the reports; nothing here writes to stdout.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LoadedConfig } from './config/load.ts';
import type { Config } from './config/schema.ts';
import { evaluate } from './engine/evaluate.ts';
import { loadChecks, type RegisteredCheck } from './engine/registry.ts';
import { selectChecks } from './engine/select.ts';
import type { ScanResult } from './engine/types.ts';
import type { FailOn } from './engine/verdict.ts';
import { sourceOf } from './evidence/index.ts';
import { credentialFailures } from './pipeline/credentials.ts';
import { type ExitCode, exitCodeOf } from './pipeline/exit-code.ts';
import { listenForInterrupt } from './pipeline/interrupt.ts';
import { validateCheckSettings } from './pipeline/validate-settings.ts';
import { anonymizeKey, anonymizeSnapshot } from './snapshot/anonymize.ts';
import { saveSnapshot } from './snapshot/io.ts';
import type { Snapshot } from './snapshot/types.ts';

export { collectSnapshot, selectCollectors } from './pipeline/collect-snapshot.ts';

import { collectSnapshot } from './pipeline/collect-snapshot.ts';
import { releaseGarbage } from './util/release-garbage.ts';

export { credentialFailures } from './pipeline/credentials.ts';
export { type ExitCode, exitCodeOf, type Outcome } from './pipeline/exit-code.ts';

/** How the pipeline talks back to whoever runs it (the CLI passes stderr and its spinner). */
export interface PipelineHooks {
  env: NodeJS.ProcessEnv;
  /** Base for relative snapshot paths. */
  cwd: string;
  /** One-line messages for a person (interrupts, plugin loading, files written); stderr in the CLI. */
  notice(text: string): void;
  progress?(source: string, text: string): void;
  /** Called once collection ended, before checks run. */
  collected?(snapshot: Snapshot): void;
}

interface CollectRequest {
  loaded: LoadedConfig;
  timeoutMs?: number;
  anonymize?: boolean;
  /** Where to save the snapshot; `collect` always has one, `scan` only with --save-snapshot. */
  saveSnapshot?: string;
}

interface JudgeRequest {
  failOn: FailOn;
  /** `--timeout` in ms: bounds evaluation as it bounds collection (each stage gets the whole budget). */
  timeoutMs?: number;
  only?: string[];
  skip?: string[];
}

interface CollectOutcome {
  snapshot: Snapshot;
  exitCode: ExitCode;
}

interface ScanOutcome {
  snapshot: Snapshot;
  /** Absent when nothing could be judged (every credential rejected, exit 2). */
  result?: ScanResult;
  exitCode: ExitCode;
  /** Why every credentialed source refused us, when that is what happened. */
  credentialFailures?: string[];
  /** The file the snapshot went to, if one was written. */
  snapshotFile?: string;
}

/** Gathers evidence only and saves it (`hybridscan collect`). */
export async function collect(
  request: CollectRequest & { saveSnapshot: string },
  hooks: PipelineHooks,
): Promise<CollectOutcome> {
  const snapshot = await gather(request, hooks, undefined);
  writeSnapshot(request.saveSnapshot, snapshot, hooks);
  const errors = Object.values(snapshot.artifacts).some((a) => a.status === 'error');
  return {
    snapshot,
    exitCode: exitCodeOf({ kind: 'collected', incomplete: Boolean(snapshot.incomplete) || errors }),
  };
}

/** Collects, saves the snapshot when asked (or when it is incomplete), then judges it. */
export async function scan(
  request: CollectRequest & JudgeRequest & { defaultSnapshotDir: string },
  hooks: PipelineHooks,
): Promise<ScanOutcome> {
  // Bad check settings or plugins fail before minutes are spent collecting, and with --only/--skip
  // only what the selected checks read is collected: then the checks are loaded first. Without
  // any of that they load while collection runs, after it has started its requests.
  const narrowed = Boolean(request.only?.length || request.skip?.length);
  const { config } = request.loaded;
  const checksFirst =
    narrowed ||
    config.plugins.length > 0 ||
    Object.keys(config.checks).length > 0 ||
    config.exceptions.length > 0;
  let checks = checksFirst ? await checksFor(request.loaded, hooks) : undefined;
  if (checks) validateCheckSettings(request.loaded, checks);
  const sources =
    checks && narrowed ? sourcesRead(selectChecks(checks, request.only, request.skip)) : undefined;
  let loading: Promise<RegisteredCheck[]> | undefined;
  const started = () =>
    setImmediate(() => {
      loading = checksFor(request.loaded, hooks);
      loading.catch(() => {}); // awaited (and thrown) once collection ends
    });
  const snapshot = await gather(request, hooks, sources, checks ? undefined : started);
  if (!checks) {
    checks = await (loading ?? checksFor(request.loaded, hooks));
    validateCheckSettings(request.loaded, checks);
  }
  const refused = credentialFailures(snapshot);
  if (refused)
    return { snapshot, exitCode: exitCodeOf({ kind: 'usage-error' }), credentialFailures: refused };
  // An interrupted scan keeps its evidence even without --save-snapshot: it is what a re-run would lack.
  const snapshotFile =
    request.saveSnapshot ??
    (snapshot.incomplete ? resolve(request.defaultSnapshotDir, 'hybridscan-snapshot.json') : undefined);
  // Saved before the checks run, so a failure while judging or writing reports never loses it.
  if (snapshotFile) writeSnapshot(snapshotFile, snapshot, hooks);
  // Anonymized evidence is judged with its anonymized config, so names still match.
  const judgeWith = request.anonymize ? { ...request.loaded, config: snapshot.config } : request.loaded;
  const { result, exitCode } = judge(snapshot, judgeWith, checks, request);
  return { snapshot, result, exitCode, ...(snapshotFile ? { snapshotFile } : {}) };
}

/**
 * Judges a saved snapshot (`hybridscan evaluate`). Snapshots arrive with support tickets, so the
 * config stored in one is data: its severities and exceptions apply, its plugins are never loaded.
 * Plugins come only from a config the user names (`--config`).
 */
export async function evaluateSnapshot(
  snapshot: Snapshot,
  request: JudgeRequest & { config?: LoadedConfig; snapshotName: string },
  hooks: PipelineHooks,
): Promise<{ snapshot: Snapshot; result: ScanResult; exitCode: ExitCode }> {
  const loaded = request.config ?? storedConfig(snapshot, request.snapshotName, hooks);
  const checks = await checksFor(loaded, hooks);
  if (request.config || snapshot.config.plugins.length === 0) validateCheckSettings(loaded, checks);
  else loaded.config = withoutUnknownChecks(loaded.config, checks);
  return { snapshot, ...judge(snapshot, loaded, checks, request) };
}

/** The snapshot's own config, minus what could run code: its plugins. */
function storedConfig(snapshot: Snapshot, snapshotName: string, hooks: PipelineHooks): LoadedConfig {
  const stored = snapshot.config.plugins;
  if (stored.length > 0)
    hooks.notice(
      `Not loading the plugins named in the snapshot (${stored.join(', ')}); pass --config FILE to load plugins you trust\n`,
    );
  return {
    config: { ...snapshot.config, plugins: [] },
    source: `${snapshotName} (stored config)`,
    baseDir: hooks.cwd,
  };
}

/**
 * Settings and exceptions for the checks of plugins that were not loaded have nothing to apply to;
 * they were validated when the snapshot was taken, so they are dropped rather than reported as typos.
 */
function withoutUnknownChecks(config: Config, checks: readonly RegisteredCheck[]): Config {
  const known = new Set(checks.map((c) => c.id));
  return {
    ...config,
    checks: Object.fromEntries(Object.entries(config.checks).filter(([id]) => known.has(id))),
    exceptions: config.exceptions.filter((e) => known.has(e.check)),
  };
}

function judge(
  snapshot: Snapshot,
  loaded: LoadedConfig,
  checks: RegisteredCheck[],
  request: JudgeRequest,
): { result: ScanResult; exitCode: ExitCode } {
  const result = evaluate(snapshot, {
    config: loaded.config,
    checks,
    only: request.only,
    skip: request.skip,
    // Evaluation gets its own budget: evidence collected until the deadline is still judged.
    ...(request.timeoutMs !== undefined ? { deadline: Date.now() + request.timeoutMs } : {}),
  });
  const incomplete =
    Boolean(snapshot.incomplete) ||
    result.verdict === 'incomplete' ||
    Boolean(result.incomplete) ||
    result.sources.some((s) => s.status === 'error');
  const statuses = result.checks.map((c) => c.status);
  return {
    result,
    exitCode: exitCodeOf({ kind: 'evaluated', statuses, failOn: request.failOn, incomplete }),
  };
}

async function checksFor(loaded: LoadedConfig, hooks: PipelineHooks): Promise<RegisteredCheck[]> {
  for (const plugin of loaded.config.plugins)
    hooks.notice(`Loading plugin ${plugin} from ${loaded.source}\n`);
  return loadChecks(loaded.config.plugins);
}

/** Collection with SIGINT/SIGTERM handling, then anonymization when asked. */
async function gather(
  request: CollectRequest,
  hooks: PipelineHooks,
  sources: ReadonlySet<string> | undefined,
  started?: () => void,
): Promise<Snapshot> {
  const interrupt = listenForInterrupt(hooks.notice, exitCodeOf({ kind: 'killed' }));
  let collected: Snapshot;
  try {
    collected = await collectSnapshot({
      loaded: request.loaded,
      signal: interrupt.signal,
      timeoutMs: request.timeoutMs,
      sources,
      progress: hooks.progress,
      started,
    });
  } finally {
    interrupt.dispose();
  }
  // the collection's dead weight goes before saving and evaluating add theirs (large scans only)
  releaseGarbage();
  hooks.collected?.(collected);
  return request.anonymize ? anonymizeWithNotice(collected, hooks) : collected;
}

/**
 * Replaces names with keyed hashes before anything is written. The key comes from
 * HYBRIDSCAN_ANONYMIZE_KEY or is generated and shown once: it is never stored.
 */
export function anonymizeWithNotice(
  snapshot: Snapshot,
  hooks: Pick<PipelineHooks, 'env' | 'notice'>,
): Snapshot {
  const { key, generated, text } = anonymizeKey(hooks.env);
  if (generated) {
    hooks.notice(
      `Anonymized with a new key (not stored anywhere; keep it to map names back with \`hybridscan anonymize --lookup\`):\n  HYBRIDSCAN_ANONYMIZE_KEY=${text}\n`,
    );
  }
  return anonymizeSnapshot(snapshot, key);
}

function writeSnapshot(file: string, snapshot: Snapshot, hooks: PipelineHooks): void {
  const target = resolve(hooks.cwd, file);
  mkdirSync(dirname(target), { recursive: true });
  saveSnapshot(target, snapshot);
}

function sourcesRead(checks: readonly RegisteredCheck[]): Set<string> {
  return new Set(checks.flatMap((c) => [...c.requires, ...(c.optional ?? [])].map(sourceOf)));
}
