import { request } from 'node:https';
import { describeError } from '../../util/errors.ts';
import { connectTarget, type TlsTrust } from '../../util/tls.ts';

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpsGetOptions {
  tls: TlsTrust;
  timeoutMs: number;
  signal?: AbortSignal;
  connectTo?: readonly string[];
  headers?: Record<string, string>;
  /** Bodies above this size are cut (defends against a misbehaving server). */
  maxBytes?: number;
}

/** A network or TLS fault, with the Node error code (ECONNREFUSED, CERT_HAS_EXPIRED…) kept. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** One HTTPS GET with full certificate verification; redirects are returned, not followed. */
export function httpsGet(url: string, opts: HttpsGetOptions): Promise<HttpsResponse> {
  const u = new URL(url);
  if (u.protocol !== 'https:')
    return Promise.reject(new NetworkError(`refusing non-HTTPS URL ${url}`, 'EPROTO'));
  const port = u.port ? Number(u.port) : 443;
  const target = connectTarget(u.hostname, port, opts.connectTo ?? []);
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;

  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.host,
        port: target.port,
        servername: isIp(u.hostname) ? undefined : u.hostname,
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        headers: { host: u.host, accept: 'application/json', 'user-agent': 'hybridscan', ...opts.headers },
        ca: opts.tls.ca,
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
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (err) => reject(toNetworkError(err, url)));
      },
    );
    req.on('timeout', () =>
      req.destroy(new NetworkError(`no answer from ${u.host} within ${opts.timeoutMs} ms`, 'ETIMEDOUT')),
    );
    req.on('error', (err) => reject(toNetworkError(err, url)));
    req.end();
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function toNetworkError(err: unknown, url: string): NetworkError {
  if (err instanceof NetworkError) return err;
  const code = String((err as { code?: unknown }).code ?? (err as Error).name ?? 'ENETWORK');
  return new NetworkError(`GET ${url} failed: ${describeError(err)}`, code);
}
