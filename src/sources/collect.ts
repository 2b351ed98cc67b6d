import type { Config } from '../config/schema.ts';
import type { ArtifactKey } from '../evidence/index.ts';
import { sourceOf } from '../evidence/index.ts';
import type { ArtifactRecord, SourceRecord } from '../snapshot/types.ts';
import { USER_LISTS, userListCompactor } from '../util/compact-records.ts';
import { describeError } from '../util/errors.ts';
import { Limiter } from '../util/limiter.ts';
import type { TlsTrust } from '../util/tls.ts';
import { deepFreeze } from './freeze.ts';
import { collectionWaves } from './order.ts';
import type { CollectContext, Collector } from './types.ts';

interface CollectOptions {
  config: Config;
  collectors: Collector[];
  tls: TlsTrust;
  /** Aborted by Ctrl-C or the overall deadline. */
  signal: AbortSignal;
  progress?: (source: string, text: string) => void;
  /**
   * Deep-freeze every artifact when it is put, so a later mutation throws. Default: on under
   * Vitest or with HYBRIDSCAN_DEV=1 (off in production runs, where freezing large user lists costs).
   */
  freezeArtifacts?: boolean;
}

export interface Collected {
  sources: Record<string, SourceRecord>;
  artifacts: Record<string, ArtifactRecord>;
}

/**
 * Runs each collector once every source it `uses` has finished (so it reads their artifacts);
 * collectors that do not depend on each other run concurrently. A collector that throws, or is cut
 * short by the signal, leaves artifact errors with the cause for everything it had not produced;
 * nothing here throws for a source fault (a `uses` cycle is a programming error and throws).
 */
export async function collectAll(opts: CollectOptions): Promise<Collected> {
  const artifacts: Record<string, ArtifactRecord> = {};
  // AD, Entra and Exchange Online each bring the same identities (UPNs, addresses, DNs, ids): as
  // each user list is put (or, through ctx.compactRecords, as its records arrive), its identities
  // become the instances an earlier list holds, as in a loaded snapshot. The pool is dropped with
  // this scan's collection.
  const compact = userListCompactor();
  const sources: Record<string, SourceRecord> = {};
  // The sources that bring a user list in this scan: a list read alone has nothing to share with.
  const lists = opts.collectors.filter(
    (c) =>
      !c.notNeeded &&
      c.notConfigured(opts.config) === undefined &&
      c.produces.some((key) => USER_LISTS.has(key)),
  );
  // Ordered waves prove there is no cycle; each collector then waits only for what it uses.
  const finished = new Map<string, Promise<void>>();
  const after = (waiter: string) => async (source: string) => {
    const done = finished.get(source);
    if (!done || source === waiter || usesTransitively(opts.collectors, source, waiter)) return false;
    await done;
    return true;
  };
  for (const wave of collectionWaves(opts.collectors)) {
    for (const collector of wave) {
      const used = (collector.uses ?? []).flatMap((id) => finished.get(id) ?? []);
      finished.set(
        collector.id,
        Promise.all(used).then(() =>
          runCollector(collector, opts, artifacts, sources, after(collector.id), compact, lists),
        ),
      );
    }
  }
  await Promise.all(finished.values());
  return { sources, artifacts };
}

async function runCollector(
  collector: Collector,
  opts: CollectOptions,
  artifacts: Record<string, ArtifactRecord>,
  sources: Record<string, SourceRecord>,
  after: (source: string) => Promise<boolean>,
  compact: ReturnType<typeof userListCompactor>,
  listSources: readonly Collector[],
): Promise<void> {
  const record: SourceRecord = { status: 'ok', requests: 0, requestsByEndpoint: {}, durationMs: 0 };
  sources[collector.id] = record;
  if (collector.notNeeded) {
    record.status = 'not-needed';
    record.reason = 'not needed by the selected checks';
    return;
  }
  const why = collector.notConfigured(opts.config);
  if (why) {
    record.status = 'not-configured';
    record.reason = why;
    return;
  }
  const freeze = opts.freezeArtifacts ?? freezeByDefault();
  const started = performance.now();
  let lastMark = started;
  const ctx: CollectContext = {
    config: opts.config,
    signal: opts.signal,
    limiter: new Limiter(collector.concurrency(opts.config)),
    tls: opts.tls,
    countRequest(endpoint) {
      record.requests++;
      record.requestsByEndpoint[endpoint] = (record.requestsByEndpoint[endpoint] ?? 0) + 1;
    },
    put(key, data) {
      assertOwn(collector, key);
      assertFirstWrite(artifacts, key);
      compact.artifact(key, data);
      if (freeze) deepFreeze(data);
      const now = performance.now();
      artifacts[key] = { status: 'ok', data, durationMs: Math.round(now - lastMark) };
      lastMark = now;
    },
    compactRecords(key) {
      assertOwn(collector, key);
      return compact.records(key, !listSources.some((c) => c !== collector));
    },
    fail(key, error) {
      assertOwn(collector, key);
      assertFirstWrite(artifacts, key);
      artifacts[key] = { status: 'error', error };
    },
    get(key) {
      const found = artifacts[key];
      return found?.status === 'ok' ? (found.data as never) : undefined;
    },
    record: (key) => artifacts[key],
    after,
    progress: (text) => opts.progress?.(collector.id, text),
  };

  try {
    if (opts.signal.aborted) throw opts.signal.reason ?? new Error('aborted');
    await collector.collect(ctx);
  } catch (err) {
    const cause = opts.signal.aborted ? abortText(opts.signal) : describeError(err);
    record.status = 'error';
    record.reason = cause;
    for (const key of collector.produces) {
      if (!artifacts[key]) {
        artifacts[key] = { status: 'error', error: { message: cause, code: errorCode(err, opts.signal) } };
      }
    }
  }
  record.durationMs = Math.round(performance.now() - started);
  if (record.status === 'ok') {
    const own = collector.produces.map((k) => artifacts[k]).filter(Boolean);
    const failed = own.filter((a) => a?.status === 'error').length;
    if (failed > 0) {
      record.status = failed === own.length ? 'error' : 'partial';
      const first = own.find((a) => a?.status === 'error');
      if (first?.status === 'error') record.reason = first.error.message;
    }
  }
}

/** Whether `from` reads `target`'s artifacts through `uses`, directly or through other sources. */
function usesTransitively(collectors: readonly Collector[], from: string, target: string): boolean {
  const byId = new Map(collectors.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    for (const used of byId.get(id)?.uses ?? []) {
      if (used === target) return true;
      if (!seen.has(used)) {
        seen.add(used);
        stack.push(used);
      }
    }
  }
  return false;
}

function assertOwn(collector: Collector, key: ArtifactKey): void {
  if (sourceOf(key) !== collector.id) {
    throw new Error(`collector ${collector.id} may not write artifact ${key}`);
  }
}

/** Each artifact is written once (put or fail): a second write would hide what the first said. */
function assertFirstWrite(artifacts: Record<string, ArtifactRecord>, key: ArtifactKey): void {
  const earlier = artifacts[key];
  if (earlier) throw new Error(`artifact ${key} was already ${earlier.status === 'ok' ? 'put' : 'failed'}`);
}

function freezeByDefault(): boolean {
  return Boolean(process.env.VITEST) || process.env.HYBRIDSCAN_DEV === '1';
}

function abortText(signal: AbortSignal): string {
  const reason = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'collection stopped';
}

function errorCode(err: unknown, signal: AbortSignal): string | undefined {
  if (signal.aborted) return 'ABORTED';
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}
