import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from '../../src/sources/dns/resolver.ts';
import { freePort } from './knot.ts';

/** Unbound (Debian package `unbound`): a validating recursive resolver in front of Knot. */
export const UNBOUND =
  ['/usr/sbin/unbound', '/usr/bin/unbound'].find((p) => existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v unbound'], { encoding: 'utf8' }).stdout.trim() || undefined);

export interface RunningUnbound {
  address: string;
  host: string;
  port: number;
  stop(): Promise<void>;
  output(): string;
}

const HOST = '127.0.0.3';

/**
 * Starts unbound in the foreground on 127.0.0.3 with `trustAnchor` (a DS line) and a stub zone per
 * name pointing at the authoritative server; waits (bounded) until it answers `readyName`.
 */
export async function startUnbound(
  trustAnchor: string,
  stubs: string[],
  authoritative: { host: string; port: number },
  readyName: string,
  timeoutMs = 20_000,
): Promise<RunningUnbound> {
  if (!UNBOUND) throw new Error('unbound not found (apt-get install unbound)');
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-unbound-'));
  const port = await freePort(HOST);
  const conf = [
    'server:',
    `    interface: ${HOST}@${port}`,
    `    port: ${port}`,
    '    do-daemonize: no',
    '    username: ""',
    '    chroot: ""',
    `    directory: "${dir}"`,
    `    pidfile: "${join(dir, 'unbound.pid')}"`,
    '    use-syslog: no',
    '    logfile: ""',
    '    verbosity: 1',
    '    val-log-level: 2',
    '    do-not-query-localhost: no',
    '    do-ip6: no',
    '    qname-minimisation: no',
    '    module-config: "validator iterator"',
    `    trust-anchor: "${trustAnchor}"`,
    '    access-control: 127.0.0.0/8 allow',
    ...stubs.flatMap((name) => [
      'stub-zone:',
      `    name: "${name}"`,
      `    stub-addr: ${authoritative.host}@${authoritative.port}`,
    ]),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'unbound.conf'), conf);
  let out = '';
  const child: ChildProcess = spawn(UNBOUND, ['-d', '-c', join(dir, 'unbound.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const stop = async () => {
    if (exited === undefined && child.pid) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (exited === undefined) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(
        `unbound exited (${exited}) before answering: ${out.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    const r = new Resolver({ servers: [{ host: HOST, port }], timeoutMs: 300, retries: 0 });
    if ((await r.query(readyName, 'SOA')).state === 'noerror') break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `unbound did not answer within ${timeoutMs} ms: ${out.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `${HOST}:${port}`, host: HOST, port, stop, output: () => out };
}
