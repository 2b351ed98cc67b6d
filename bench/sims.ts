/**
 * The simulators of the collection and full-scan sections, each in a child process of its own
 * (bench/sim-child.ts): started concurrently, each wait bounded, every child killed when the
 * bench exits, fails or is interrupted (a child also ends when its stdin closes, so it does not
 * outlive a bench that was killed).
 */
import { type ChildProcess, spawn } from 'node:child_process';

export type SimKind = 'ldap' | 'cloud' | 'exo';
export const READY = 'READY ';
export const CPU = 'CPU ';

/** What a simulator child prints once it listens. */
export interface SimInfo {
  kind: SimKind;
  /** Config patch pointing the scan at it (endpoints, the LDAP URL and bind, the Graph app). */
  config: Record<string, unknown>;
  /** Environment the config refers to (the simulated client secret). */
  env: Record<string, string>;
  /** The CA that issued its TLS certificate. */
  caFile: string;
  /** Its address: ldaps://localhost:PORT or https://localhost:PORT. */
  url: string;
  /** ms from the child's start until it listened (building the N users included). */
  buildMs: number;
  pid: number;
}

export interface RunningSim {
  info: SimInfo;
  /** The child's CPU time so far (user + system, ms). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** A child's ready line (`READY {json}`) read, or undefined for any other line. */
export function readyInfo(line: string): SimInfo | undefined {
  if (!line.startsWith(READY)) return undefined;
  const info = JSON.parse(line.slice(READY.length)) as Partial<SimInfo>;
  if (
    !info ||
    typeof info.url !== 'string' ||
    typeof info.caFile !== 'string' ||
    typeof info.config !== 'object' ||
    !['ldap', 'cloud', 'exo'].includes(String(info.kind))
  )
    throw new Error(`simulator ready line without kind, url, caFile or config: ${line.slice(0, 200)}`);
  return { env: {}, buildMs: 0, pid: 0, ...info } as SimInfo;
}

/** How long a simulator child may take to build its users and listen (BENCH_SIM_TIMEOUT_MS). */
const SIM_TIMEOUT_MS = Number(process.env.BENCH_SIM_TIMEOUT_MS ?? 180_000);
const STOP_TIMEOUT_MS = 5000;

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function startSim(kind: SimKind, n: number, timeoutMs: number): Promise<RunningSim> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'bench/sim-child.ts', kind, String(n)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  // a child that died is reported by its exit, not by a write to its closed stdin
  child.stdin.on('error', () => {});
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const tail = () => stderr.trim().split('\n').slice(-3).join(' / ');
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  type Waiter = { resolve: (ms: number) => void; reject: (err: Error) => void };
  const waiting: Waiter[] = [];
  child.once('exit', () => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${kind} simulator exited`));
  });
  const cpuMs = () =>
    new Promise<number>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`${kind} simulator exited`));
        return;
      }
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`${kind} simulator: no answer to cpu within ${STOP_TIMEOUT_MS} ms`));
      }, STOP_TIMEOUT_MS);
      const waiter: Waiter = {
        resolve: (ms) => {
          clearTimeout(timer);
          resolve(ms);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      waiting.push(waiter);
      child.stdin.write('cpu\n');
    });
  return new Promise<RunningSim>((resolve, reject) => {
    let out = '';
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${kind} simulator (${n} users): ${why}${tail() ? ` | ${tail()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    child.on('error', (err) => fail(err.message));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(CPU)) {
          waiting.shift()?.resolve((JSON.parse(line.slice(CPU.length)) as { cpuMs: number }).cpuMs);
          continue;
        }
        if (settled) continue;
        let info: SimInfo | undefined;
        try {
          info = readyInfo(line);
        } catch (err) {
          fail((err as Error).message);
          return;
        }
        if (info) {
          settled = true;
          clearTimeout(timer);
          resolve({ info, cpuMs, stop });
        }
      }
    });
  });
}

/** Starts the simulators concurrently; when one cannot start, the others are stopped. */
export async function startSims(
  kinds: SimKind[],
  n: number,
  timeoutMs = SIM_TIMEOUT_MS,
): Promise<{ sims: Partial<Record<SimKind, RunningSim>>; stop(): Promise<void> }> {
  const started = await Promise.allSettled(kinds.map((k) => startSim(k, n, timeoutMs)));
  const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async () => {
    await Promise.all(ok.map((s) => s.stop()));
  };
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { sims: Object.fromEntries(ok.map((s) => [s.info.kind, s])), stop };
}
