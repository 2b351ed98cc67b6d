/**
 * Collection at scale: the real LDAP, Graph and Exchange Online collectors (through
 * `collectSnapshot`, every artifact of each source) against the simulators holding contoso-ready's
 * directory and tenant with N users added on each side (bench/scaled.ts), next to floors:
 *   - LDAP: `ldapsearch -E pr=1000/noprompt` of the same users with the same filter and attributes
 *     over the same LDAPS simulator (bench/ldapsearch.ts), when ldap-utils is installed, and a
 *     minimal ldapts client doing the same paged search;
 *   - Graph: a minimal keep-alive node:https client paging `/users?$top=999&$select=…` on the
 *     same Graph simulator (token fetched first, not timed).
 * Each simulator runs in a child process of its own (bench/sim-child.ts: LDAP; login + Graph;
 * Exchange Online), and so does every measured client (bench/collect-child.ts, compiled as the
 * product ships, bench/children.ts), so its peak RSS and CPU time are its own and no two share an
 * event loop. Each is the best wall time of RUNS.
 * "both" runs LDAP and Graph in one scan, as `hybridscan scan` does (concurrently).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deepMerge, loadScenario } from '../src/simulator/scenario.ts';
import { TEST_CA_FILE } from '../src/simulator/tls.ts';
import { USER_ATTRIBUTES } from '../src/sources/ldap/reader.ts';
import type { Children } from './children.ts';
import type { ChildRequest, CollectReport } from './collect-child.ts';
import { type LdapsearchReport, runLdapsearch } from './ldapsearch.ts';
import { DOMAIN, USER_FILTER } from './scaled.ts';
import { type RunningSim, type SimInfo, type SimKind, startSims } from './sims.ts';

/** How long one measured child or ldapsearch run may take (BENCH_CHILD_TIMEOUT_MS). */
const CHILD_TIMEOUT_MS = Number(process.env.BENCH_CHILD_TIMEOUT_MS ?? 600_000);

/** A measurement with the CPU time each simulator child spent during it (ms, by kind). */
type Measured<T> = T & { simCpuMs: Partial<Record<SimKind, number>> };

export interface CollectionRow {
  n: number;
  ldap: Measured<CollectReport>;
  graph: Measured<CollectReport>;
  exo: Measured<CollectReport>;
  both: Measured<CollectReport>;
  ldapFloor: Measured<CollectReport>;
  /** undefined when ldapsearch is not on PATH. */
  ldapsearch?: Measured<LdapsearchReport>;
  graphFloor: Measured<CollectReport>;
  /** ms each simulator child took to build its N users and listen. */
  simBuildMs: Record<string, number>;
}

/** One measurement in a child process of its own; its last stdout line is the report. */
export async function inChild(
  request: ChildRequest,
  dir: string,
  children: Children,
): Promise<CollectReport> {
  const file = join(dir, 'request.json');
  writeFileSync(file, JSON.stringify(request));
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    children.args('collect-child', file),
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, CI: 'true' },
      timeout: CHILD_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    },
  );
  if (process.env.BENCH_HEAP) process.stderr.write(stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as CollectReport;
}

async function best<T extends { wallMs: number; rssPeakMb?: number }>(
  runs: number,
  measure: () => Promise<T>,
): Promise<T> {
  const [only] = await bestInterleaved(runs, [measure]);
  return only!;
}

/**
 * Each measurement `runs` times, taken in turns (A B C, A B C, …) so that a client and the floor it
 * is judged against meet the machine in the same state: the best wall time of each (and the
 * highest peak RSS of its runs).
 */
export async function bestInterleaved<T extends { wallMs: number; rssPeakMb?: number }>(
  runs: number,
  measures: (() => Promise<T>)[],
): Promise<T[]> {
  const all: T[][] = measures.map(() => []);
  for (let i = 0; i < runs; i++) for (const [k, measure] of measures.entries()) all[k]!.push(await measure());
  return all.map((results) => {
    const fastest = results.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
    const peaks = results.map((r) => r.rssPeakMb).filter((m): m is number => m !== undefined);
    return peaks.length ? { ...fastest, rssPeakMb: Math.max(...peaks) } : fastest;
  });
}

/** `measure` with the CPU time each simulator spent during it. */
function withSimCpu<T>(
  sims: Partial<Record<SimKind, RunningSim>>,
  measure: () => Promise<T>,
): () => Promise<Measured<T>> {
  const all = Object.values(sims) as RunningSim[];
  const cpu = () => Promise.all(all.map((s) => s.cpuMs()));
  return async () => {
    const before = await cpu();
    const report = await measure();
    const after = await cpu();
    return {
      ...report,
      simCpuMs: Object.fromEntries(all.map((s, i) => [s.info.kind, after[i]! - before[i]!])),
    };
  };
}

/** The ldapsearch floor of an LDAP server the collector reads with `ldap` (url, bind, CA). */
export function ldapsearchFloor(ldapsearch: string, ldap: Record<string, unknown>, base: string) {
  return () =>
    runLdapsearch(
      ldapsearch,
      {
        url: String(ldap.url),
        bindDn: String(ldap.bindDn),
        password: String(ldap.password),
        base,
        filter: USER_FILTER,
        attributes: USER_ATTRIBUTES,
        pageSize: 1000,
      },
      String(ldap.caFile),
      CHILD_TIMEOUT_MS,
    );
}

/** The scan's config: contoso-ready's, pointed at the simulator children. */
function simConfig(infos: SimInfo[]): { config: Record<string, unknown>; env: Record<string, string> } {
  let config = deepMerge(loadScenario('contoso-ready').config, { endpoints: { caFile: TEST_CA_FILE } });
  let env: Record<string, string> = {};
  for (const info of infos) {
    config = deepMerge(config, info.config);
    env = { ...env, ...info.env };
  }
  return { config, env };
}

export interface FullScanRow {
  n: number;
  scan: Measured<CollectReport>;
  simBuildMs: Record<string, number>;
}

/**
 * A full scan at N users on each side: the LDAP, Graph and Exchange Online sources (the EXO
 * mailbox list made by the simulator from the same users, as for contoso-ready) collected
 * concurrently, the snapshot saved (`--save-snapshot`), every check evaluated, in one child
 * process: its wall time, CPU time and peak RSS.
 */
export async function benchFullScan(n: number, children: Children): Promise<FullScanRow> {
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-scan-'));
  const { sims, stop } = await startSims(['ldap', 'cloud', 'exo'], n);
  try {
    const infos = Object.values(sims).map((s) => s!.info);
    const { config, env } = simConfig(infos);
    const request: ChildRequest = {
      kind: 'scan',
      sources: ['ldap', 'graph', 'exo'],
      config,
      env,
      snapshotFile: join(dir, 'snapshot.json'),
    };
    return {
      n,
      scan: await withSimCpu(sims, () => inChild(request, dir, children))(),
      simBuildMs: Object.fromEntries(infos.map((i) => [i.kind, i.buildMs])),
    };
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCollection(
  sizes: number[],
  runs: number,
  ldapsearch: string | undefined,
  children: Children,
): Promise<CollectionRow[]> {
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-collect-'));
  const rows: CollectionRow[] = [];
  try {
    for (const n of sizes) {
      const { sims, stop } = await startSims(['ldap', 'cloud', 'exo'], n);
      try {
        const infos = Object.values(sims).map((s) => s!.info);
        const { config, env } = simConfig(infos);
        const scan = (sources: string[]) =>
          withSimCpu(sims, () => inChild({ kind: 'collectors', sources, config, env }, dir, children));
        const readFloor = (kind: 'ldap-floor' | 'graph-floor') =>
          inChild({ kind, sources: [], config, env, domain: DOMAIN }, dir, children);
        const floor = (kind: 'ldap-floor' | 'graph-floor') => withSimCpu(sims, () => readFloor(kind));
        const ldap = sims.ldap!.info.config.ldap as Record<string, unknown>;
        // A simulator's first answers run its code cold (a read of the users takes about twice as
        // long): one untimed read of each before anything is measured, so no client meets it cold.
        await readFloor('ldap-floor');
        await readFloor('graph-floor');
        // Every source, its floors and the scan of both in turns: the scan of both is judged against
        // LDAP + Graph measured one after the other, so all of them meet the machine alike.
        const clients: (() => Promise<Measured<CollectReport | LdapsearchReport>>)[] = [
          scan(['ldap']),
          floor('ldap-floor'),
          scan(['graph']),
          floor('graph-floor'),
          scan(['ldap', 'graph']),
        ];
        if (ldapsearch) clients.push(withSimCpu(sims, ldapsearchFloor(ldapsearch, ldap, DOMAIN)));
        const [ldapScan, ldapFloor, graphScan, graphFloor, bothScan, ldapsearchRun] = await bestInterleaved(
          runs,
          clients,
        );
        rows.push({
          n,
          ldap: ldapScan as Measured<CollectReport>,
          graph: graphScan as Measured<CollectReport>,
          exo: await best(runs, scan(['exo'])),
          both: bothScan as Measured<CollectReport>,
          ldapFloor: ldapFloor as Measured<CollectReport>,
          ...(ldapsearchRun ? { ldapsearch: ldapsearchRun as Measured<LdapsearchReport> } : {}),
          graphFloor: graphFloor as Measured<CollectReport>,
          simBuildMs: Object.fromEntries(infos.map((i) => [i.kind, i.buildMs])),
        });
      } finally {
        await stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
