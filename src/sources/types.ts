import type { Config } from '../config/schema.ts';
import type { ArtifactKey, ArtifactMap } from '../evidence/index.ts';
import type { ArtifactError, ArtifactRecord } from '../snapshot/types.ts';
import type { ListRecord } from '../util/compact-records.ts';
import type { Limiter } from '../util/limiter.ts';
import type { TlsTrust } from '../util/tls.ts';

export interface Collector {
  /** The source id: the prefix of every artifact key it produces. */
  id: string;
  /** Artifacts this collector can produce (for `checks` docs and skipped/error attribution). */
  produces: readonly ArtifactKey[];
  /**
   * Other sources whose artifacts it reads through `ctx.get`: they are collected first (and
   * collected too when this one is needed). The collection order is derived from this alone.
   */
  uses?: readonly string[];
  /** Returns why the source is not configured, or undefined when it should run. */
  notConfigured(config: Config): string | undefined;
  /** Default number of concurrent operations against this source. */
  concurrency(config: Config): number;
  collect(ctx: CollectContext): Promise<void>;
  /** Set by the pipeline when no selected check reads this source: reported as `not-needed`. */
  notNeeded?: boolean;
}

export interface CollectContext {
  config: Config;
  /** Aborts on Ctrl-C or the overall --timeout; stop starting work when it fires. */
  signal: AbortSignal;
  limiter: Limiter;
  tls: TlsTrust;
  /** Counts one request to the source, by endpoint (path without query, or operation name). */
  countRequest(endpoint: string): void;
  put<K extends ArtifactKey>(key: K, data: ArtifactMap[K]): void;
  /**
   * The scan's compaction of one record of a user list (util/compact-records.ts: its identities
   * the instances the other lists hold, empty lists shared), for a collector that reads the list
   * page by page: every record it puts under `key` goes through it as it arrives, and `put` then
   * does not compact the list again (that pass over every record came after the last page).
   */
  compactRecords<K extends keyof ListRecord>(key: K): (record: ListRecord[K]) => ListRecord[K];
  fail(key: ArtifactKey, error: ArtifactError): void;
  /** An artifact of a used source (or put earlier by this collector), if it was collected. */
  get<K extends ArtifactKey>(key: K): ArtifactMap[K] | undefined;
  record(key: string): ArtifactRecord | undefined;
  /**
   * Waits for a source this one does not `use`, for a last step that needs a few of its artifacts
   * without holding up the rest of this collector (a `uses` edge would delay all of it). False
   * when that source is not in the scan or cannot finish first (it uses this one, directly or not).
   */
  after(source: string): Promise<boolean>;
  progress(text: string): void;
}
