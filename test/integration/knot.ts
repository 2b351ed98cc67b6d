import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from '../../src/sources/dns/resolver.ts';

/**
 * Knot DNS (Debian package `knot`) as the real authoritative server of the integration tier:
 * started in the foreground on 127.0.0.2 with a throwaway config and the fixtures' zone files.
 */
export const KNOTD =
  ['/usr/sbin/knotd', '/usr/bin/knotd'].find((p) => existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v knotd'], { encoding: 'utf8' }).stdout.trim() || undefined);

/** knotd's key manager (same package), for pre-generated keys and DS records. */
const KEYMGR = KNOTD?.replace(/knotd$/, 'keymgr') ?? 'keymgr';

export interface KnotZone {
  origin: string;
  /** Zone file to copy; absent = a zone that fails to load (knot then answers SERVFAIL). */
  file?: string;
  dnssecSigning?: boolean;
  /**
   * Signed zones only: append the zone's DS (from its pre-generated key) to this parent zone's file,
   * or, with `bogusDs`, a DS whose digest matches no key (validators then answer SERVFAIL).
   */
  dsInto?: string;
  bogusDs?: boolean;
}

export interface RunningKnot {
  address: string;
  host: string;
  port: number;
  /** The DS records (digest type 2) of a signed zone, as master-file lines. */
  ds(origin: string): string;
  stop(): Promise<void>;
  output(): string;
}

export const HOST = '127.0.0.2';

export async function freePort(host: string): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve(udp.address().port));
    });
    udp.close();
    const tcpFree = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, host, () => srv.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error(`no free port on ${host}`);
}

/** Starts knotd and waits (bounded) until it answers SOA for `readyZone`. */
export async function startKnot(
  zones: KnotZone[],
  readyZone: string,
  timeoutMs = 20_000,
): Promise<RunningKnot> {
  if (!KNOTD) throw new Error('knotd not found (apt-get install knot)');
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-knot-'));
  mkdirSync(join(dir, 'zones'));
  mkdirSync(join(dir, 'db'));
  for (const z of zones) if (z.file) copyFileSync(z.file, join(dir, 'zones', `${z.origin}.zone`));
  const port = await freePort(HOST);
  const conf = [
    'server:',
    `    rundir: "${dir}"`,
    `    listen: ${HOST}@${port}`,
    'log:',
    '  - target: stderr',
    '    any: info',
    'database:',
    `    storage: "${join(dir, 'db')}"`,
    'policy:',
    '  - id: test',
    '    algorithm: ecdsap256sha256',
    '    single-type-signing: on',
    'template:',
    '  - id: default',
    `    storage: "${join(dir, 'zones')}"`,
    '    file: "%s.zone"',
    '    zonefile-sync: -1',
    '    journal-content: none',
    'zone:',
    ...zones.flatMap((z) => [
      `  - domain: ${z.origin}`,
      ...(z.dnssecSigning ? ['    dnssec-signing: on', '    dnssec-policy: test'] : []),
    ]),
    '',
  ].join('\n');
  const confFile = join(dir, 'knot.conf');
  writeFileSync(confFile, conf);
  const keymgr = (...args: string[]) => {
    const r = spawnSync(KEYMGR, ['-c', confFile, ...args], { encoding: 'utf8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`keymgr ${args.join(' ')} failed: ${r.stderr || r.error}`);
    return r.stdout;
  };
  const ds = (origin: string) =>
    keymgr(origin, 'ds')
      .split('\n')
      .filter((l) => / DS \d+ \d+ 2 /.test(l))
      .join('\n');
  // Keys made before knotd starts, so the parents can carry the children's DS from the first answer.
  for (const z of zones)
    if (z.dnssecSigning) keymgr(z.origin, 'generate', 'algorithm=13', 'ksk=yes', 'zsk=yes');
  for (const z of zones) {
    if (!z.dnssecSigning || !z.dsInto) continue;
    let line = ds(z.origin).split('\n')[0]!;
    if (z.bogusDs) line = line.replace(/[0-9a-f]{64}$/, 'f'.repeat(64));
    appendFileSync(join(dir, 'zones', `${z.dsInto}.zone`), `\n${line}\n`);
  }

  let out = '';
  const child: ChildProcess = spawn(KNOTD, ['-c', confFile], {
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
        `knotd exited (${exited}) before answering: ${out.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    // A fresh resolver per attempt: answers are cached for the life of a resolver.
    const resolver = new Resolver({ servers: [{ host: HOST, port }], timeoutMs: 200, retries: 0 });
    const soa = await resolver.query(readyZone, 'SOA');
    if (soa.state === 'noerror') break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `knotd did not answer SOA ${readyZone} within ${timeoutMs} ms: ${out.trim().split('\n').slice(-3).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `${HOST}:${port}`, host: HOST, port, ds, stop, output: () => out };
}

/** Zone files of a folder as KnotZones. */
export function zonesIn(dir: string): KnotZone[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.zone'))
    .map((f) => ({ origin: f.replace(/\.zone$/, ''), file: join(dir, f) }));
}
