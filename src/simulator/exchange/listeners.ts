import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { testServerCredentials } from '../tls.ts';

export interface Listener {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<Listener> {
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP connections and never sends a byte: a host that never answers. */
export function startHang(): Promise<Listener> {
  const sockets = new Set<Socket>();
  return listen(createServer(), sockets);
}

/**
 * A minimal SMTP server that offers STARTTLS and upgrades with a fixtures certificate
 * (`starttls: false`: EHLO does not offer it and STARTTLS is refused).
 */
export function startSmtp(
  host: string,
  certificate = 'server',
  banner?: string,
  opts: { starttls?: boolean } = {},
): Promise<Listener> {
  const starttls = opts.starttls !== false;
  const sockets = new Set<Socket>();
  const credentials = testServerCredentials(certificate);
  const server = createServer((socket) => {
    socket.write(`220 ${banner ?? `${host} Microsoft ESMTP MAIL Service ready`}\r\n`);
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      if (buffer.length > 8192) return void socket.destroy();
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl === -1) return;
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        const verb = line.split(' ')[0]!.toUpperCase();
        if (verb === 'EHLO')
          socket.write(
            `250-${host} Hello\r\n250-SIZE 37748736\r\n${starttls ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`,
          );
        else if (verb === 'STARTTLS' && starttls) {
          socket.removeListener('data', onData);
          socket.write('220 2.0.0 SMTP server ready\r\n', () => {
            const secure = new TLSSocket(socket, { isServer: true, ...credentials });
            secure.on('error', () => socket.destroy());
            secure.on('data', (d: Buffer) => {
              if (/^QUIT/i.test(d.toString('latin1'))) secure.end('221 2.0.0 Bye\r\n');
            });
          });
          return;
        } else if (verb === 'QUIT') return void socket.end('221 2.0.0 Bye\r\n');
        else socket.write('500 5.3.3 Unrecognized command\r\n');
      }
    };
    socket.on('data', onData);
  });
  return listen(server, sockets);
}
