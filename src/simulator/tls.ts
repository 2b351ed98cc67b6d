import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PKI_DIR } from './scenario.ts';

export const TEST_CA_FILE = join(PKI_DIR, 'ca.pem');

/** The fixtures' server certificate (SANs: localhost, 127.0.0.1 and the simulated host names). */
export function testServerCredentials(name = 'server'): Pick<ServerOptions, 'key' | 'cert'> {
  return {
    key: readFileSync(join(PKI_DIR, `${name}.key`)),
    cert: readFileSync(join(PKI_DIR, `${name}.pem`)),
  };
}

export interface RunningHttps {
  server: Server;
  port: number;
  /** https://localhost:PORT — the name matches the test certificate. */
  origin: string;
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 with a random port. */
export async function startHttps(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
  credentials = testServerCredentials(),
): Promise<RunningHttps> {
  const server = createServer(credentials, (req, res) => {
    Promise.resolve(handler(req, res)).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'simulator_error', error_description: String(err) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `https://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
