import { isIP, connect as netConnect, type Socket } from 'node:net';
import { checkServerIdentity, type DetailedPeerCertificate, connect as tlsConnect } from 'node:tls';
import type { CertInfo, TlsProbe } from '../../evidence/http.ts';
import { describeError } from '../../util/errors.ts';
import { connectTarget, type TlsTrust } from '../../util/tls.ts';
import { sharedTrustContext } from '../net/trust-context.ts';
import { certInfo, recordRejectedCertificate, toFault } from './probe.ts';
import type { Lookup } from './resolve.ts';

export interface HandshakeOptions {
  tls: TlsTrust;
  connectTo: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  lookup?: Lookup;
}

/**
 * A verified TLS handshake to read the server certificate: straight TLS for `https`, or SMTP
 * `EHLO` + `STARTTLS` for `smtp` (port 25). Nothing is sent after the handshake.
 */
export async function tlsHandshake(
  host: string,
  port: number,
  protocol: 'https' | 'smtp',
  role: string[],
  opts: HandshakeOptions,
): Promise<TlsProbe> {
  const started = performance.now();
  const base = { host, port, protocol, role };
  const target = connectTarget(host, port, opts.connectTo);
  const url = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  let presented: CertInfo | undefined;
  let raw: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => raw?.destroy(Object.assign(new Error('stopped'), { code: 'ABORTED' }));
  try {
    if (opts.signal?.aborted)
      throw Object.assign(new Error('stopped before the handshake'), { code: 'ABORTED' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const certificate = await new Promise<CertInfo | undefined>((resolve, reject) => {
      timer = setTimeout(() => {
        const err = Object.assign(
          new Error(
            `no ${protocol === 'smtp' ? 'SMTP/TLS' : 'TLS'} answer from ${host}:${port} within ${opts.timeoutMs} ms`,
          ),
          { code: 'ETIMEDOUT' },
        );
        raw?.destroy();
        reject(err);
      }, opts.timeoutMs);
      raw = netConnect({
        host: target.host,
        port: target.port,
        ...(opts.lookup ? { lookup: opts.lookup as never } : {}),
      });
      raw.on('error', reject);
      const upgrade = () => {
        const secure = tlsConnect({
          socket: raw,
          servername: isIP(host) ? undefined : host,
          secureContext: sharedTrustContext(opts.tls),
          rejectUnauthorized: true,
          checkServerIdentity: (_h, cert) => {
            presented = certInfo(cert as DetailedPeerCertificate, opts.tls);
            return checkServerIdentity(host, cert);
          },
        });
        recordRejectedCertificate(secure, opts.tls, (cert) => {
          presented ??= cert;
        });
        secure.on('error', reject);
        secure.on('secureConnect', () => {
          const info = certInfo(secure.getPeerCertificate(true), opts.tls);
          if (protocol === 'smtp') secure.write('QUIT\r\n');
          secure.end();
          resolve(info);
        });
      };
      if (protocol === 'https') raw.once('connect', upgrade);
      else smtpStartTls(raw, upgrade, reject);
    });
    return { ...base, ...(certificate ? { certificate } : {}), durationMs: ms(started) };
  } catch (err) {
    return {
      ...base,
      ...(presented ? { certificate: presented } : {}),
      fault: toFault(err, url),
      durationMs: ms(started),
    };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    raw?.destroy();
  }
}

/** Reads the banner, sends EHLO, checks STARTTLS is offered, sends it and upgrades on 220. */
function smtpStartTls(socket: Socket, upgrade: () => void, reject: (err: Error) => void): void {
  let buffer = '';
  let step: 'banner' | 'ehlo' | 'starttls' = 'banner';
  let offered = false;
  const fail = (text: string) => {
    socket.removeListener('data', onData);
    reject(Object.assign(new Error(text), { code: 'ESMTP' }));
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    if (buffer.length > 64 * 1024) return fail('SMTP server sent too much before STARTTLS');
    for (;;) {
      const nl = buffer.indexOf('\n');
      if (nl === -1) return;
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      const code = line.slice(0, 3);
      const last = line[3] !== '-';
      if (step === 'banner') {
        if (code !== '220') return fail(`SMTP banner was not 220: ${describeError(line.slice(0, 200))}`);
        if (last) {
          step = 'ehlo';
          socket.write('EHLO hybridscan.invalid\r\n');
        }
      } else if (step === 'ehlo') {
        if (code !== '250') return fail(`EHLO refused: ${line.slice(0, 200)}`);
        if (/^STARTTLS\b/i.test(line.slice(4))) offered = true;
        if (last) {
          if (!offered) return fail('the SMTP server does not offer STARTTLS');
          step = 'starttls';
          socket.write('STARTTLS\r\n');
        }
      } else {
        if (code !== '220') return fail(`STARTTLS refused: ${line.slice(0, 200)}`);
        socket.removeListener('data', onData);
        return upgrade();
      }
    }
  };
  socket.on('data', onData);
}

function ms(started: number): number {
  return Math.round(performance.now() - started);
}
