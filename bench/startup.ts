/**
 * Start-up of `hybridscan scan`: from spawning `node bin/hybridscan.js` to the first connection a
 * source opens. The config points LDAP and the login service at a loopback listener that closes
 * every socket, so each source fails at once and the run ends. Three measures per run: the wall
 * time from spawn until the listener sees the connection, and, from a probe preloaded into the
 * process (bench/startup-probe.js), its CPU time and its age when it opened that connection. CPU
 * time is what a busy machine does not stretch. Measured for the compiled build (dist/) and, for
 * comparison, the sources through tsx (HYBRIDSCAN_FROM_SOURCE=1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

export interface StartupRow {
  entry: 'dist' | 'tsx';
  /** Median ms from spawn until the listener saw the first connection. */
  firstRequestMs: number;
  /** Median CPU ms (user + system) of the process when it opened its first connection. */
  firstRequestCpuMs: number;
  /** Median age of the process (ms since it started) when it opened its first connection. */
  firstRequestAgeMs: number;
  /** Median ms of `hybridscan --version`, start to exit. */
  versionMs: number;
  /** Modules (ES and CommonJS files) loaded by the first connection, from one extra counting run. */
  modules: number;
  /** Modules `hybridscan --version` loads. */
  versionModules: number;
  runs: number;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );

const RUN_TIMEOUT_MS = 60_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  onSpawn?: (started: number) => void,
  node: string[] = [],
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...node, 'bin/hybridscan.js', ...args], { env, stdio: 'ignore' });
    onSpawn?.(started);
    // bounded: a scan that hangs is killed (and then fails for want of its probe file)
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

interface FirstRequest {
  wallMs: number;
  cpuMs: number;
  ageMs: number;
}

/** One scan per run; the first connection of each run ends its measurement. */
async function firstRequest(
  env: NodeJS.ProcessEnv,
  config: string,
  server: Server,
  probe: string,
  modules?: string,
): Promise<FirstRequest & { modules?: number }> {
  let started = 0;
  let first: number | undefined;
  const onConnection = () => {
    first ??= performance.now() - started;
  };
  server.on('connection', onConnection);
  rmSync(probe, { force: true });
  await run(
    ['scan', '--config', config, '--format', 'json', '--quiet'],
    { ...env, HYBRIDSCAN_STARTUP_PROBE: probe, ...(modules ? { HYBRIDSCAN_STARTUP_MODULES: modules } : {}) },
    (t) => {
      started = t;
    },
    ['--import', './bench/startup-probe.js'],
  );
  server.off('connection', onConnection);
  if (first === undefined) throw new Error('the scan ended without opening a connection');
  const seen = JSON.parse(readFileSync(probe, 'utf8')) as { cpuMs: number; ageMs: number; modules?: number };
  return { wallMs: first, cpuMs: seen.cpuMs, ageMs: seen.ageMs, modules: seen.modules };
}

/** One untimed scan and one `--version` with the module-counting hooks of the probe. */
async function countModules(env: NodeJS.ProcessEnv, config: string, server: Server, dir: string) {
  const log = join(dir, 'modules.log');
  const scan = await firstRequest(env, config, server, join(dir, 'probe.json'), log);
  await run(['--version'], { ...env, HYBRIDSCAN_STARTUP_MODULES: log }, undefined, [
    '--import',
    './bench/startup-probe.js',
  ]);
  const versionModules = new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean)).size;
  return { modules: scan.modules ?? 0, versionModules };
}

export async function benchStartup(runs = 5): Promise<StartupRow[]> {
  const server = createServer((socket) => socket.destroy());
  const ldapPort = await listen(server);
  const login = createServer((socket) => socket.destroy());
  const loginPort = await listen(login);
  login.on('connection', (s) => server.emit('connection', s));
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-startup-'));
  const config = join(dir, 'hybridscan.json');
  writeFileSync(
    config,
    JSON.stringify({
      tenant: 'contoso.onmicrosoft.com',
      ldap: { url: `ldap://127.0.0.1:${ldapPort}`, allowInsecure: true, timeoutMs: 1000 },
      endpoints: { login: `https://127.0.0.1:${loginPort}` },
    }),
  );
  const rows: StartupRow[] = [];
  try {
    for (const entry of ['tsx', 'dist'] as const) {
      const env = { ...process.env, CI: 'true', HYBRIDSCAN_FROM_SOURCE: entry === 'tsx' ? '1' : '' };
      const first: FirstRequest[] = [];
      const version: number[] = [];
      for (let i = 0; i < runs; i++) {
        first.push(await firstRequest(env, config, server, join(dir, 'probe.json')));
        version.push(await run(['--version'], env));
      }
      rows.push({
        entry,
        firstRequestMs: Math.round(median(first.map((f) => f.wallMs))),
        firstRequestCpuMs: Math.round(median(first.map((f) => f.cpuMs))),
        firstRequestAgeMs: Math.round(median(first.map((f) => f.ageMs))),
        versionMs: Math.round(median(version)),
        ...(await countModules(env, config, server, dir)),
        runs,
      });
    }
  } finally {
    server.close();
    login.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

// Standalone: `node bin/run-ts.js bench/startup.ts [runs]` prints the rows and the load average.
if (process.argv[1]?.endsWith('startup.ts') || process.argv[2]?.endsWith('startup.ts')) {
  const load = os.loadavg()[0]!.toFixed(2);
  const runsArg = process.argv.find((a) => /^\d+$/.test(a));
  console.table(await benchStartup(runsArg ? Number(runsArg) : 5));
  console.log(`load average (1 min) before: ${load}, after: ${os.loadavg()[0]!.toFixed(2)}`);
}
