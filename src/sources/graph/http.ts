import type { Limiter } from '../../util/limiter.ts';
import type { TlsTrust } from '../../util/tls.ts';

export { httpsCall } from '../net/https.ts';

/** What a paging, token-bearing API client of a scan needs (Microsoft Graph, Exchange Online). */
export interface ApiClientOptions {
  /** The network address (endpoints.*), never the token's resource. */
  baseUrl: string;
  getToken: () => Promise<string>;
  tls: TlsTrust;
  timeoutMs: number;
  connectTo?: readonly string[];
  signal: AbortSignal;
  limiter: Limiter;
  budget: RetryBudget;
  pageSize: number;
  count: (endpoint: string) => void;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses worth retrying: throttling and transient server faults. */
function isRetryable(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * The retry budget shared by every request of one scan: a bounded number of attempts per
 * request and a bounded total time spent waiting, so heavy throttling ends in an error, not a hang.
 */
export class RetryBudget {
  waitedMs = 0;
  retries = 0;
  constructor(
    readonly maxAttempts: number,
    readonly maxTotalWaitMs: number,
  ) {}

  /** The wait before attempt `attempt + 1`, or undefined when the budget says stop. */
  next(attempt: number, status: number, retryAfter: string | undefined): number | undefined {
    if (!isRetryable(status) || attempt >= this.maxAttempts) return undefined;
    const wait = retryAfterMs(retryAfter) ?? Math.min(30_000, 500 * 2 ** (attempt - 1));
    if (this.waitedMs + wait > this.maxTotalWaitMs) return undefined;
    this.waitedMs += wait;
    this.retries++;
    return wait;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
