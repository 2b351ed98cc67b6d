import { Agent, request } from 'node:https';
import { describeError } from '../../util/errors.ts';
import { connectTarget, type TlsTrust } from '../../util/tls.ts';
import { sharedTrustContext } from './trust-context.ts';

/** A network or TLS fault, with the Node error code (ECONNREFUSED, CERT_HAS_EXPIRED…) kept. */
class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface HttpsCallOptions {
  tls: TlsTrust;
  timeoutMs: number;
  connectTo?: readonly string[];
  signal?: AbortSignal;
  maxBytes?: number;
}

interface HttpsCall {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One keep-alive agent per trust store, holding one TLS context built from it. Passing `ca` with
 * each request made Node parse every PEM of the trust (its ~145 roots plus endpoints.caFile, ~27 ms)
 * for each new connection and join them all into the pool key of each request; the context is now
 * built once, and the agent's pool holds only connections verified against this trust.
 */
const agents = new WeakMap<TlsTrust, Agent>();

function agentFor(tls: TlsTrust): Agent {
  let agent = agents.get(tls);
  if (!agent) {
    // Node's global agent's settings (keep-alive, idle sockets closed after 5 s), own trust.
    agent = new Agent({
      keepAlive: true,
      scheduling: 'lifo',
      timeout: 5000,
      secureContext: sharedTrustContext(tls),
    });
    agents.set(tls, agent);
  }
  return agent;
}

/**
 * One HTTPS request over node:https with an explicit `ca`, so `endpoints.caFile` and
 * `endpoints.connectTo` apply to MSAL and the Graph client alike (global fetch takes neither).
 * Verification is always on.
 */
export function httpsCall(url: string, call: HttpsCall, opts: HttpsCallOptions): Promise<RawResponse> {
  const u = new URL(url);
  if (u.protocol !== 'https:')
    return Promise.reject(new NetworkError(`refusing non-HTTPS URL ${u.origin}${u.pathname}`, 'EPROTO'));
  const port = u.port ? Number(u.port) : 443;
  const target = connectTarget(u.hostname, port, opts.connectTo ?? []);
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  const headers: Record<string, string> = { host: u.host, 'user-agent': 'hybridscan', ...call.headers };
  if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        servername: /^[\d.]+$/.test(u.hostname) || u.hostname.includes(':') ? undefined : u.hostname,
        path: `${u.pathname}${u.search}`,
        method: call.method,
        headers,
        agent: agentFor(opts.tls),
        rejectUnauthorized: true,
        signal: opts.signal,
        timeout: opts.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
        });
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: out,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (err) => reject(toNetworkError(err, u)));
      },
    );
    req.on('timeout', () =>
      req.destroy(new NetworkError(`no answer from ${u.host} within ${opts.timeoutMs} ms`, 'ETIMEDOUT')),
    );
    req.on('error', (err) => reject(toNetworkError(err, u)));
    if (call.body !== undefined) req.write(call.body);
    req.end();
  });
}

function toNetworkError(err: unknown, u: URL): NetworkError {
  if (err instanceof NetworkError) return err;
  const code = String((err as { code?: unknown }).code ?? (err as Error).name ?? 'ENETWORK');
  // The path only: query strings may carry user names.
  return new NetworkError(`${u.origin}${u.pathname}: ${describeError(err)}`, code);
}

interface HttpsGetOptions extends HttpsCallOptions {
  headers?: Record<string, string>;
}

/** One HTTPS GET of a JSON or text document; redirects are returned, not followed. */
export function httpsGet(url: string, opts: HttpsGetOptions): Promise<RawResponse> {
  return httpsCall(url, { method: 'GET', headers: { accept: 'application/json', ...opts.headers } }, opts);
}
