/** One DNS exchange over UDP or TCP with one server: settles once (answer, fault, timeout, abort). */

import { createSocket } from 'node:dgram';
import { isIP, connect as tcpConnect } from 'node:net';
import type { DecodedPacket } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import type { ServerAddress } from './resolver.ts';

/** The outcome of one exchange with one server. */
export interface Exchange {
  packet?: DecodedPacket & { rcode?: string };
  /** timeout, or a transport fault (ECONNREFUSED, malformed TCP answer). */
  fault?: { state: 'timeout' | 'error'; detail: string };
  server: string;
  transport: 'udp' | 'tcp';
  truncated?: boolean;
}

const MAX_TCP_MESSAGE = 65_535;

function decodeSafely(buf: Buffer): (DecodedPacket & { rcode?: string }) | undefined {
  try {
    if (buf.length < 12) return undefined;
    return dnsPacket.decode(buf) as DecodedPacket & { rcode?: string };
  } catch {
    return undefined;
  }
}

/**
 * One pending exchange with a server: it settles once — on the answer, a socket fault, the
 * per-query timeout or the scan's abort — and then closes its socket.
 */
function settleOnce(
  label: string,
  transport: 'udp' | 'tcp',
  timeoutMs: number,
  signal: AbortSignal | undefined,
  close: () => void,
  resolve: (ex: Exchange) => void,
): (ex: Omit<Exchange, 'server' | 'transport'>) => void {
  let done = false;
  const finish = (ex: Omit<Exchange, 'server' | 'transport'>) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    close();
    resolve({ ...ex, server: label, transport });
  };
  const onAbort = () => finish({ fault: { state: 'error', detail: 'scan stopped before the answer' } });
  const timer = setTimeout(
    () =>
      finish({
        fault: {
          state: 'timeout',
          detail: `no answer from ${label} (${transport.toUpperCase()}) within ${timeoutMs} ms`,
        },
      }),
    timeoutMs,
  );
  signal?.addEventListener('abort', onAbort, { once: true });
  return finish;
}

export function udpExchange(
  server: ServerAddress,
  label: string,
  query: Buffer,
  matches: (p: DecodedPacket) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    const finish = settleOnce(label, 'udp', timeoutMs, signal, () => socket.close(), resolve);
    // Garbage, spoofed or mismatched datagrams are dropped; we keep waiting for the real answer.
    socket.on('message', (msg) => {
      const packet = decodeSafely(msg);
      if (packet && matches(packet)) finish({ packet });
    });
    socket.on('error', (err) =>
      finish({ fault: { state: 'error', detail: `UDP to ${label}: ${(err as Error).message}` } }),
    );
    socket.send(query, server.port, server.host, (err) => {
      if (err) finish({ fault: { state: 'error', detail: `UDP to ${label}: ${err.message}` } });
    });
  });
}

export function tcpExchange(
  server: ServerAddress,
  label: string,
  query: Buffer,
  matches: (p: DecodedPacket) => boolean,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    const finish = settleOnce(label, 'tcp', timeoutMs, signal, () => socket.destroy(), resolve);
    socket.on('connect', () => {
      const frame = Buffer.alloc(2 + query.length);
      frame.writeUInt16BE(query.length, 0);
      query.copy(frame, 2);
      socket.write(frame);
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_TCP_MESSAGE + 2) {
        finish({ fault: { state: 'error', detail: `oversized TCP answer from ${label}` } });
        return;
      }
      if (buf.length < 2) return;
      const len = buf.readUInt16BE(0);
      if (buf.length < 2 + len) return;
      const packet = decodeSafely(buf.subarray(2, 2 + len));
      if (packet && matches(packet)) finish({ packet });
      else finish({ fault: { state: 'error', detail: `malformed or mismatched TCP answer from ${label}` } });
    });
    socket.on('error', (err) =>
      finish({ fault: { state: 'error', detail: `TCP to ${label}: ${(err as Error).message}` } }),
    );
    socket.on('close', () =>
      finish({ fault: { state: 'error', detail: `TCP connection to ${label} closed before an answer` } }),
    );
  });
}
