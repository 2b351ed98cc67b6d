import type {
  Client,
  Context,
  GraphError,
  Middleware,
  MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { type ApiClientOptions, httpsCall, retryAfterMs, sleep } from './http.ts';

/**
 * The small Graph interface the collector uses. Everything Graph-specific (paging, $batch,
 * throttling, counting) stays behind it, so a move to another SDK changes one file.
 */
export interface GraphApi {
  /** One object; `undefined` when Graph answers 404. */
  get<T>(path: string, select: readonly string[]): Promise<T | undefined>;
  /** A collection, following @odata.nextLink page by page; `onPage` sees each page as it arrives. */
  list<T>(
    path: string,
    select: readonly string[],
    opts?: { filter?: string; onPage?: (items: T[], page: number) => void; top?: boolean },
  ): Promise<T[]>;
  /**
   * How many items the collection `path` holds, from `${path}/$count`: an advanced query (header
   * ConsistencyLevel: eventual, https://learn.microsoft.com/graph/aad-advanced-queries), so an
   * estimate. Undefined when Graph does not give it: it only ever sizes a progress line.
   */
  count(path: string): Promise<number | undefined>;
  /** GET requests through $batch (20 per batch); throttled items are retried on their own. */
  batch(requests: readonly { id: string; url: string }[]): Promise<Map<string, BatchAnswer>>;
}

interface BatchAnswer {
  status: number;
  body: unknown;
}

/** A Graph request that failed for good: status, Graph error code and the endpoint. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly endpoint: string,
  ) {
    super(message);
  }
}

/** baseUrl: endpoints.graph, e.g. https://graph.microsoft.com */
type GraphClientOptions = ApiClientOptions;

const BATCH_SIZE = 20;
const VERSION = 'v1.0';

/** The endpoint name a request is counted under: method + path with ids and keys generalised. */
function endpointName(method: string, url: string): string {
  const path = new URL(url).pathname
    .replace(/^\/(v1\.0|beta)/, '')
    .replace(/\((\w+)='[^']*'\)/g, "($1='…')")
    .replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/gi, '/{id}')
    .replace(/\/users\/[^/]+@[^/]+/g, '/users/{id}')
    .replace(/\/domains\/[^/]+(?=\/)/g, '/domains/{id}');
  return `${method} ${path || '/'}`;
}

/** Retries throttled/transient answers within the scan's budget; counts every attempt. */
class RetryMiddleware implements Middleware {
  private nextMiddleware?: Middleware;
  constructor(private readonly opts: GraphClientOptions) {}
  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }
  async execute(context: Context): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.nextMiddleware?.execute(context);
      const res = context.response;
      if (!res) return;
      const wait = this.opts.budget.next(attempt, res.status, res.headers.get('retry-after') ?? undefined);
      if (wait === undefined) return;
      await sleep(wait, this.opts.signal);
    }
  }
}

/**
 * Marks the requests of a collection read: the read holds one of the scan's connection slots from
 * its first page to its last (see `list`), so its requests do not queue for one each time. A slot
 * given back between pages went to whatever small read was waiting, and the long read, the
 * critical path, waited behind it page after page.
 */
class InPagedRead implements MiddlewareOptions {}

/**
 * The last link: node:https with our CA (global fetch cannot take endpoints.caFile), the bearer
 * token added here for our own origin only. Neither the request headers nor the answer go through
 * the WHATWG Headers/Response classes: the SDK's AuthenticationHandler (it tests `instanceof
 * Request`) and a `new Response()` per answer loaded undici's fetch implementation (~20 ms) and
 * streamed every page's text back through bytes before the SDK parsed it.
 */
class HttpsFetchMiddleware implements Middleware {
  private readonly origin: string;
  constructor(private readonly opts: GraphClientOptions) {
    this.origin = new URL(opts.baseUrl).origin;
  }
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const headers = plainHeaders(context.options?.headers);
    if (new URL(url).origin === this.origin) headers.authorization = `Bearer ${await this.opts.getToken()}`;
    const body = typeof context.options?.body === 'string' ? context.options.body : undefined;
    this.opts.count(endpointName(method, url));
    const call = () =>
      httpsCall(
        url,
        { method, headers, body },
        {
          tls: this.opts.tls,
          timeoutMs: this.opts.timeoutMs,
          connectTo: this.opts.connectTo,
          signal: this.opts.signal,
        },
      );
    const ownSlot = context.middlewareControl?.getMiddlewareOptions(InPagedRead) !== undefined;
    const raw = await (ownSlot ? call() : this.opts.limiter.run(call));
    context.response = new GraphAnswer(raw.status, raw.headers, raw.body) as unknown as Response;
  }
}

/** The SDK's request headers (a plain object, header pairs or a Headers-like object), keys lower-cased. */
function plainHeaders(given: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!given) return out;
  const pairs: Iterable<[string, string]> =
    Array.isArray(given) || typeof (given as { entries?: unknown }).entries === 'function'
      ? (given as Iterable<[string, string]>)
      : Object.entries(given as Record<string, string>);
  for (const [k, v] of pairs) out[k.toLowerCase()] = String(v);
  return out;
}

/**
 * What the SDK reads of an answer (GraphResponseHandler, GraphErrorHandler, our retry): status,
 * ok, headers.get, and the body as JSON or text, parsed straight from the string read off the socket.
 */
class GraphAnswer {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  constructor(
    readonly status: number,
    headers: Record<string, string>,
    private readonly text_: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = { get: (name) => headers[name.toLowerCase()] ?? null };
  }
  get body(): string | null {
    return this.status === 204 || this.status === 304 ? null : this.text_;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.text_);
  }
  async text(): Promise<string> {
    return this.text_;
  }
}

/** The SDK's error class, once the SDK is loaded (only it throws one). */
let SdkGraphError: typeof GraphError | undefined;

export function createGraphApi(opts: GraphClientOptions): GraphApi {
  const base = new URL(opts.baseUrl);
  // The Graph SDK (about 40 modules) is loaded with the first request, not before a scan starts.
  let made: Promise<Client> | undefined;
  const sdk = () =>
    (made ??= import('@microsoft/microsoft-graph-client').then((m) => {
      SdkGraphError ??= m.GraphError;
      const retry = new RetryMiddleware(opts);
      retry.setNext(new HttpsFetchMiddleware(opts));
      return m.Client.initWithMiddleware({
        middleware: retry,
        baseUrl: `${base.origin}/`,
        defaultVersion: VERSION,
      });
    }));

  const wrap = async <T>(endpoint: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw toRequestError(err, endpoint);
    }
  };

  return {
    async get<T>(path: string, select: readonly string[]) {
      const endpoint = endpointName('GET', `${base.origin}/${VERSION}${path}`);
      try {
        return (await wrap(endpoint, async () =>
          (
            await sdk()
          )
            .api(path)
            .select([...select])
            .get(),
        )) as T;
      } catch (err) {
        if (err instanceof GraphRequestError && err.status === 404) return undefined;
        throw err;
      }
    },

    async list<T>(
      path: string,
      select: readonly string[],
      o: { filter?: string; onPage?: (items: T[], page: number) => void; top?: boolean } = {},
    ) {
      const endpoint = endpointName('GET', `${base.origin}/${VERSION}${path}`);
      const items: T[] = [];
      const client = await sdk();
      let request = client
        .api(path)
        .middlewareOptions([new InPagedRead()])
        .select([...select])
        .top(opts.pageSize);
      if (o.filter) request = request.filter(o.filter);
      type Page = { value?: T[]; '@odata.nextLink'?: string };
      // One connection slot for the whole read, its pages one after the other (InPagedRead).
      return opts.limiter.run(async () => {
        let page = (await wrap(endpoint, () => request.get())) as Page;
        for (let n = 1; ; n++) {
          const value = page.value ?? [];
          items.push(...value);
          const next = page['@odata.nextLink'];
          let following: Promise<Page> | undefined;
          if (next) {
            if (opts.signal.aborted) throw opts.signal.reason;
            if (new URL(next).origin !== base.origin)
              throw new GraphRequestError(
                `nextLink leaves ${base.origin}: refusing it`,
                0,
                'BadNextLink',
                endpoint,
              );
            following = wrap(endpoint, () =>
              client.api(next).middlewareOptions([new InPagedRead()]).get(),
            ) as Promise<Page>;
            following.catch(() => {}); // awaited below, after onPage (which may throw)
            // The next page is asked for before this one is handed on: one turn of the event loop
            // lets its request go out, so the caller's work on this page overlaps its round trip.
            if (o.onPage) await new Promise<void>((resolve) => setImmediate(resolve));
          }
          o.onPage?.(value, n);
          if (!following) break;
          page = await following;
        }
        return items;
      });
    },

    async count(path: string) {
      const endpoint = endpointName('GET', `${base.origin}/${VERSION}${path}/$count`);
      try {
        const answer: unknown = await wrap(endpoint, async () =>
          (await sdk()).api(`${path}/$count`).header('ConsistencyLevel', 'eventual').get(),
        );
        const n = typeof answer === 'number' ? answer : Number(String(answer).trim());
        return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
      } catch (err) {
        if (opts.signal.aborted) throw err;
        return undefined;
      }
    },

    async batch(requests: readonly { id: string; url: string }[]) {
      const answers = new Map<string, BatchAnswer>();
      let pending = [...requests];
      for (let round = 1; pending.length > 0; round++) {
        const chunks: { id: string; url: string }[][] = [];
        for (let i = 0; i < pending.length; i += BATCH_SIZE) chunks.push(pending.slice(i, i + BATCH_SIZE));
        const retry: { id: string; url: string }[] = [];
        let waitMs = 0;
        await Promise.all(
          chunks.map(async (chunk) => {
            const body = (await wrap('POST /$batch', async () =>
              (await sdk()).api('/$batch').post({
                requests: chunk.map((r) => ({ id: r.id, method: 'GET', url: r.url })),
              }),
            )) as {
              responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
            };
            for (const r of body.responses ?? []) {
              const original = chunk.find((c) => c.id === r.id);
              if (!original) continue;
              if ((r.status === 429 || r.status === 503) && round < opts.budget.maxAttempts) {
                const after = retryAfterMs(headerOf(r.headers, 'retry-after')) ?? 1000 * round;
                if (opts.budget.waitedMs + after <= opts.budget.maxTotalWaitMs) {
                  waitMs = Math.max(waitMs, after);
                  retry.push(original);
                  continue;
                }
              }
              answers.set(r.id, { status: r.status, body: r.body });
            }
            for (const c of chunk)
              if (!answers.has(c.id) && !retry.includes(c))
                answers.set(c.id, { status: 0, body: { error: { code: 'MissingBatchResponse' } } });
          }),
        );
        if (retry.length > 0) {
          opts.budget.waitedMs += waitMs;
          opts.budget.retries += retry.length;
          await sleep(waitMs, opts.signal);
        }
        pending = retry;
      }
      return answers;
    },
  };
}

function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

function toRequestError(err: unknown, endpoint: string): Error {
  if (err instanceof GraphRequestError) return err;
  if (SdkGraphError && err instanceof SdkGraphError) {
    const status = err.statusCode;
    // A network fault arrives as statusCode -1 / code NetworkError: keep Node's code (ECONNREFUSED…).
    const nodeCode = status === -1 ? err.message.match(/\b(E[A-Z]{4,}|[A-Z]+_[A-Z_]+)\b/)?.[1] : undefined;
    const code = nodeCode ?? err.code ?? `HTTP_${status}`;
    const why =
      status === 429
        ? `throttled (HTTP 429) and the retry budget ran out`
        : status === -1
          ? err.message
          : `HTTP ${status} ${code}: ${err.message}`;
    return new GraphRequestError(`${endpoint}: ${why}`, status, code, endpoint);
  }
  return err instanceof Error ? err : new Error(String(err));
}
