import type { Config } from '../config/schema.ts';
import type { ArtifactKey, ArtifactMap } from '../evidence/index.ts';
import type { ArtifactError, ArtifactRecord } from '../snapshot/types.ts';
import type { Limiter } from '../util/limiter.ts';
import type { TlsTrust } from '../util/tls.ts';

/**
 * Stage 1 collects identity sources (OpenID metadata, Graph, LDAP, EXO exports);
 * stage 2 collects targets derived from them (DNS names of mail domains, Autodiscover hosts,
 * sample users). A stage-2 collector reads stage-1 artifacts through `ctx.get`.
 * Stage 3 runs probes that need stage-2 answers (HTTPS probes of the SRV targets DNS found).
 */
export type Stage = 1 | 2 | 3;

export interface Collector {
  /** The source id: the prefix of every artifact key it produces. */
  id: string;
  stage: Stage;
  /** Artifacts this collector can produce (for `checks` docs and skipped/error attribution). */
  produces: readonly ArtifactKey[];
  /** Other sources whose artifacts it reads through `ctx.get` (collected too when this one is needed). */
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
  fail(key: ArtifactKey, error: ArtifactError): void;
  /** An artifact from an earlier stage (or earlier in this collector), if it was collected. */
  get<K extends ArtifactKey>(key: K): ArtifactMap[K] | undefined;
  record(key: string): ArtifactRecord | undefined;
  progress(text: string): void;
}
