import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import type {
  CertInfo,
  CertSummary,
  FaultKind,
  HttpProbe,
  ProbeFault,
  RedirectHop,
} from '../../evidence/http.ts';
import { describeError } from '../../util/errors.ts';
import { connectTarget, type TlsTrust } from '../../util/tls.ts';
import { sharedTrustContext } from '../net/trust-context.ts';
import type { Lookup } from './resolve.ts';

/** Response headers the checks read; everything else is dropped from the snapshot. */
const KEPT_HEADERS = [
  'www-authenticate',
  'location',
  'content-type',
  'server',
  'x-feserver',
  'x-beserver',
  'request-id',
  'x-owa-version',
  'x-ms-diagnostics',
  'x-powered-by',
  'x-aspnet-version',
] as const;

const BODY_KEEP = 4096;
const BODY_READ = 256 * 1024;

export interface ProbeOptions {
  tls: TlsTrust;
  /** `endpoints.connectTo` rules (curl --connect-to). */
  connectTo: readonly string[];
  /** Connect to last byte of one request. */
  timeoutMs: number;
  /** The overall deadline (Ctrl-C, --timeout). */
  signal?: AbortSignal;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Redirects to follow; 0 returns the first answer as it is. */
  maxRedirects?: number;
  /** Resolves host names with the configured `dns.servers` (default: the system resolver). */
  lookup?: Lookup;
  /** Keep the certificate of a successful answer (a certificate is always kept on a TLS fault). */
  keepCertificate?: boolean;
  /** Called once per request sent (redirect hops included), for the source's request count. */
  onRequest?: (url: URL) => void;
}

/**
 * One HTTPS probe with full certificate verification. Redirects are followed by hand up to
 * `maxRedirects`, never to plain http:, and recorded. Every outcome is a value: a fault
 * (timeout, reset, refused, bad certificate, redirect loop) comes back in `fault` with its cause.
 */
export async function probeHttps(url: string, opts: ProbeOptions): Promise<HttpProbe> {
  const started = performance.now();
  const method = opts.method ?? 'GET';
  const redirects: RedirectHop[] = [];
  const maxRedirects = opts.maxRedirects ?? 0;
  const seen = new Set<string>();
  let current = url;
  const done = (partial: Partial<HttpProbe>): HttpProbe => {
    const out: HttpProbe = {
      method,
      url,
      finalUrl: current,
      headers: {},
      redirects,
      ...partial,
      durationMs: Math.round(performance.now() - started),
    };
    if (!opts.keepCertificate && out.fault?.kind !== 'tls') delete out.certificate;
    return out;
  };

  for (;;) {
    let u: URL;
    try {
      u = new URL(current);
    } catch {
      return done({ fault: { kind: 'protocol', code: 'EINVALIDURL', message: `invalid URL ${current}` } });
    }
    if (u.protocol !== 'https:') {
      return done({
        fault: {
          kind: 'redirect',
          code: 'EINSECURE',
          message: `refusing to follow to non-HTTPS URL ${current}`,
        },
      });
    }
    seen.add(u.href);
    let answer: RawAnswer;
    try {
      opts.onRequest?.(u);
      answer = await requestOnce(u, opts, method);
    } catch (err) {
      const presented = (err as { presentedCertificate?: CertInfo }).presentedCertificate;
      return done({ fault: toFault(err, u), ...(presented ? { certificate: presented } : {}) });
    }
    const location = answer.headers.location?.[0];
    const isRedirect = answer.status >= 300 && answer.status < 400 && location !== undefined;
    if (!isRedirect || redirects.length >= maxRedirects) {
      if (isRedirect && maxRedirects > 0) {
        redirects.push({ url: current, status: answer.status, location });
        return done({
          status: answer.status,
          headers: answer.headers,
          certificate: answer.certificate,
          fault: {
            kind: 'redirect',
            code: 'ETOOMANYREDIRECTS',
            message: `more than ${maxRedirects} redirects (last to ${location})`,
          },
        });
      }
      return done({
        status: answer.status,
        headers: answer.headers,
        body: answer.body,
        certificate: answer.certificate,
      });
    }
    redirects.push({ url: current, status: answer.status, location });
    const next = new URL(location, u).href;
    if (seen.has(next)) {
      return done({
        status: answer.status,
        headers: answer.headers,
        certificate: answer.certificate,
        fault: { kind: 'redirect', code: 'EREDIRECTLOOP', message: `redirect loop back to ${next}` },
      });
    }
    current = next;
  }
}

interface RawAnswer {
  status: number;
  headers: Record<string, string[]>;
  body?: string;
  certificate?: CertInfo;
}

/** A fault with its cause, as thrown inside this module. */
class ProbeError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly kind: FaultKind,
  ) {
    super(message);
  }
}

function requestOnce(u: URL, opts: ProbeOptions, method: string): Promise<RawAnswer> {
  const port = u.port ? Number(u.port) : 443;
  const hostname = u.hostname.replace(/^\[|\]$/g, '');
  const target = connectTarget(hostname, port, opts.connectTo);
  return new Promise((resolve, reject) => {
    let settled = false;
    let presented: CertInfo | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = request({
      host: target.host,
      port: target.port,
      servername: isIP(hostname) ? undefined : hostname,
      path: `${u.pathname}${u.search}`,
      method,
      headers: {
        host: u.host,
        'user-agent': 'hybridscan',
        accept: '*/*',
        ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}),
        ...opts.headers,
      },
      // https.request hands its options to tls.connect, which takes a built context (the types
      // list only the options it is built from)
      ...({ secureContext: sharedTrustContext(opts.tls) } as object),
      rejectUnauthorized: true,
      agent: false,
      ...(opts.lookup ? { lookup: opts.lookup as never } : {}),
      // The name is checked against the URL's host even when connectTo sends us elsewhere.
      checkServerIdentity: (_host, cert) => {
        presented = certInfo(cert as DetailedPeerCertificate, opts.tls);
        return checkServerIdentity(hostname, cert);
      },
    });
    req.once('socket', (socket) => {
      recordRejectedCertificate(socket as never, opts.tls, (cert) => {
        presented ??= cert;
      });
    });
    const timer = setTimeout(() => {
      const err = new ProbeError(
        `no answer from ${u.host} within ${opts.timeoutMs} ms`,
        'ETIMEDOUT',
        'timeout',
      );
      req.destroy(err);
      finish(() => reject(err));
    }, opts.timeoutMs);
    const onAbort = () => {
      const err = new ProbeError(
        `stopped before ${u.host} answered: ${describeError(opts.signal?.reason ?? 'aborted')}`,
        'ABORTED',
        'aborted',
      );
      req.destroy(err);
      finish(() => reject(err));
    };
    if (opts.signal?.aborted) {
      // destroy() emits 'error' before the listener below is attached: swallow it, the reject carries it.
      req.on('error', () => {});
      return onAbort();
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('response', (res: IncomingMessage) => {
      const certificate = readCertificate(res.socket as unknown as TlsLike, opts.tls);
      const headers = keptHeaders(res.rawHeaders);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < BODY_READ) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () =>
        finish(() =>
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8').slice(0, BODY_KEEP) || undefined,
            certificate,
          }),
        ),
      );
      res.on('error', (err) => finish(() => reject(err)));
    });
    req.on('error', (err) => {
      if (presented) Object.assign(err, { presentedCertificate: presented });
      finish(() => reject(err));
    });
    req.end(opts.body);
  });
}

function keptHeaders(raw: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!(KEPT_HEADERS as readonly string[]).includes(name)) continue;
    const list = out[name] ?? [];
    list.push(raw[i + 1]!);
    out[name] = list;
  }
  return out;
}

/**
 * Node rejects an unverifiable certificate (expired, untrusted) by destroying the TLS socket with
 * the verification error; the peer certificate is still readable at that moment. This records it
 * for the evidence, so the report can show what was presented (validity, issuer, SANs). The
 * connection is rejected exactly as before: nothing is sent over it.
 */
export function recordRejectedCertificate(
  socket: TlsLike & { destroy(err?: Error): unknown },
  tls: TlsTrust,
  record: (cert: CertInfo) => void,
): void {
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (err?: Error) => {
    if (err && TLS_CODES.test(String((err as { code?: unknown }).code ?? ''))) {
      try {
        const cert = readCertificate(socket, tls);
        if (cert) {
          delete cert.trustedBy; // it was not trusted
          record(cert);
        }
      } catch {
        // the handle is gone: nothing to record
      }
    }
    return destroy(err);
  };
}

interface TlsLike {
  getPeerCertificate(detailed: true): DetailedPeerCertificate;
}

/** The peer's certificate and chain, and whether the extra CA file was what made it trusted. */
function readCertificate(socket: TlsLike | undefined, tls: TlsTrust): CertInfo | undefined {
  const leaf = socket?.getPeerCertificate?.(true);
  return leaf ? certInfo(leaf, tls) : undefined;
}

export function certInfo(leaf: DetailedPeerCertificate, tls: TlsTrust): CertInfo | undefined {
  if (!leaf.raw) return undefined;
  const chain: CertSummary[] = [];
  let cur: DetailedPeerCertificate | undefined = leaf;
  const seen = new Set<string>();
  while (cur?.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    chain.push(summary(cur));
    cur = cur.issuerCertificate;
  }
  const root = chain[chain.length - 1];
  const extra = extraFingerprints(tls);
  const trustedBy = root && extra.has(root.fingerprint256) ? 'caFile' : 'system';
  return {
    ...summary(leaf),
    sans: parseSans(leaf.subjectaltname),
    serialNumber: leaf.serialNumber,
    selfSigned: chain.length === 1 && leaf.issuer !== undefined && dn(leaf.subject) === dn(leaf.issuer),
    chain,
    trustedBy,
  };
}

function summary(c: PeerCertificate): CertSummary {
  return {
    subject: dn(c.subject),
    issuer: dn(c.issuer),
    validFrom: new Date(c.valid_from).toISOString(),
    validTo: new Date(c.valid_to).toISOString(),
    fingerprint256: c.fingerprint256,
  };
}

function dn(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function parseSans(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/, '').trim())
    .filter(Boolean);
}

const fingerprintCache = new WeakMap<TlsTrust, Set<string>>();

function extraFingerprints(tls: TlsTrust): Set<string> {
  let set = fingerprintCache.get(tls);
  if (!set) {
    set = new Set();
    for (const bundle of tls.extra) {
      for (const pem of bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
        try {
          set.add(new X509Certificate(pem).fingerprint256);
        } catch {
          // not a certificate: ignored, Node's own loading reports it
        }
      }
    }
    fingerprintCache.set(tls, set);
  }
  return set;
}

const TLS_CODES =
  /^(CERT_|ERR_TLS_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|ERR_SSL|EPROTO|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Classifies a thrown network error into a fault with its cause kept. */
export function toFault(err: unknown, u: URL): ProbeFault {
  if (err instanceof ProbeError) return { kind: err.kind, code: err.code, message: err.message };
  const code = String((err as { code?: unknown })?.code ?? 'ENETWORK');
  const text = describeError(err);
  let kind: FaultKind = 'protocol';
  if (TLS_CODES.test(code)) kind = 'tls';
  else if (code === 'ECONNREFUSED') kind = 'refused';
  else if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(text)) kind = 'reset';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') kind = 'dns';
  else if (code === 'ETIMEDOUT') kind = 'timeout';
  const what =
    kind === 'tls'
      ? `TLS/certificate failure from ${u.host}`
      : kind === 'reset'
        ? `${u.host} closed the connection`
        : kind === 'refused'
          ? `${u.host} refused the connection`
          : kind === 'dns'
            ? `${u.hostname} does not resolve`
            : `request to ${u.host} failed`;
  return { kind, code, message: `${what}: ${text}` };
}
