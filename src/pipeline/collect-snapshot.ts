import type { LoadedConfig } from '../config/load.ts';
import { redactConfig } from '../config/redact.ts';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from '../snapshot/types.ts';
import { collectAll } from '../sources/collect.ts';
import { loadCollectors } from '../sources/registry.ts';
import type { Collector } from '../sources/types.ts';
import { loadTlsTrust } from '../util/tls.ts';
import { TOOL_VERSION } from '../version.ts';

interface CollectRun {
  loaded: LoadedConfig;
  /** Aborting it (Ctrl-C) ends collection early; the snapshot is then marked incomplete. */
  signal?: AbortSignal;
  /** Overall deadline for collection, in ms. */
  timeoutMs?: number;
  progress?: (source: string, text: string) => void;
  /**
   * Only these sources (and those they use) are collected; the rest are recorded as not needed.
   * Undefined collects every configured source.
   */
  sources?: ReadonlySet<string>;
  /** Called once the collectors are loaded and started, while they run. */
  started?: () => void;
}

/** Gathers every configured source into a snapshot. Never throws for a source fault. */
export async function collectSnapshot(run: CollectRun): Promise<Snapshot> {
  const { config } = run.loaded;
  const started = new Date();
  const t0 = performance.now();
  const tls = loadTlsTrust(config);
  const controller = new AbortController();
  const forward = () => controller.abort(run.signal?.reason ?? 'interrupted');
  run.signal?.addEventListener('abort', forward, { once: true });
  const deadline =
    run.timeoutMs !== undefined
      ? setTimeout(
          () => controller.abort(new Error(`overall --timeout of ${run.timeoutMs} ms reached`)),
          run.timeoutMs,
        )
      : undefined;

  try {
    const collecting = collectAll({
      config,
      collectors: selectCollectors(await loadCollectors(), run.sources),
      tls,
      signal: controller.signal,
      progress: run.progress,
    });
    run.started?.();
    const collected = await collecting;
    const finished = new Date();
    const reason = controller.signal.aborted ? abortReason(controller.signal.reason) : undefined;
    return {
      kind: 'hybridscan-snapshot',
      schemaVersion: SNAPSHOT_SCHEMA_VERSION,
      tool: { name: 'hybridscan', version: TOOL_VERSION },
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      config: redactConfig(config),
      sources: collected.sources,
      artifacts: collected.artifacts,
      ...(reason ? { incomplete: { reason } } : {}),
    };
  } finally {
    clearTimeout(deadline);
    run.signal?.removeEventListener('abort', forward);
  }
}

function abortReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'collection stopped early';
}

/** The collectors for `wanted` sources plus, transitively, the sources they read from. */
export function selectCollectors(all: Collector[], wanted: ReadonlySet<string> | undefined): Collector[] {
  if (!wanted) return all;
  const byId = new Map(all.map((c) => [c.id, c]));
  const needed = new Set<string>();
  const visit = (id: string) => {
    if (needed.has(id)) return;
    needed.add(id);
    for (const used of byId.get(id)?.uses ?? []) visit(used);
  };
  for (const id of wanted) visit(id);
  return all.map((c) => (needed.has(c.id) ? c : { ...c, notNeeded: true, collect: async () => {} }));
}
