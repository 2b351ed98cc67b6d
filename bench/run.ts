/**
 * `npm run bench`: the scale benchmark of issue 13, speed and memory targets measured here rather
 * than in timed unit tests. Sections, in order:
 *   1. evaluation of a saved snapshot at N = 10k, 50k and 100k users on each side: contoso-ready
 *      scaled up (test/helpers/scale.ts), so every artifact a check reads is there (graph.domains
 *      included) and every check evaluates. Each N runs in a child process of its own
 *      (bench/evaluate-child.ts) so its peak RSS is honest; the run with the least CPU time counts;
 *   2. demo scan of contoso-ready end to end (simulators on loopback), median of 5 runs;
 *   3. the live Exchange Online mailbox list: the largest N of mailboxes read from the simulator;
 *   4. start-up of `hybridscan scan` to its first request, compiled build (dist/) against the
 *      sources through tsx (bench/startup.ts);
 *   5. collection at N = 10k, 50k and 100k users on each side: the real LDAP, Graph and Exchange
 *      Online collectors against the simulators, each simulator in a child process of its own
 *      (bench/sim-child.ts), next to the floors: `ldapsearch` (when ldap-utils is installed) and a
 *      minimal ldapts client for LDAP, a minimal node:https client for Graph (bench/collection.ts):
 *      wall time per source, requests per endpoint, peak RSS, ratios;
 *   6. the Samba tier: a real Samba AD DC with 10,000 generated users (BENCH_SAMBA_USERS) where
 *      Samba is installed and the bench runs as root, read by the LDAP collector, the ldapts
 *      client and ldapsearch (bench/samba.ts);
 *   7. the full scan at each N: LDAP + Graph + Exchange Online collected, the snapshot saved,
 *      every check evaluated, in one process.
 * The measured children (bench/evaluate-child.ts, bench/collect-child.ts: collectors, floors and the
 * full scan alike) run compiled, as the product ships: bundled at bench start by scripts/build.js
 * (bench/children.ts); through tsx only where esbuild is not installed, and the results say so.
 * Sizes: bench/plan.ts (BENCH_SIZES, BENCH_SKIP_LARGE). Evaluation targets are judged on CPU time
 * (user + system, all threads, so GC included): on a shared machine other processes stretch wall
 * time but not this process's CPU time, and on an idle machine wall time is at most about the CPU
 * time (evaluation is one thread; GC helpers run beside it). Wall time and the load average are
 * printed next to it. Prints a table, writes bench/results.md (machine, Node, date; a reduced run
 * writes bench/results.reduced.md) and exits 1 when a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chooseEntry } from '../bin/entry.js';
import { main } from '../src/cli/main.ts';
import { saveSnapshot } from '../src/snapshot/io.ts';
import type { Snapshot } from '../src/snapshot/types.ts';
import { USER_ATTRIBUTES } from '../src/sources/ldap/reader.ts';
import { memoryIo } from '../test/helpers/io.ts';
import { scaledSnapshot } from '../test/helpers/scale.ts';
import { compileChildren } from './children.ts';
import { benchCollection, benchFullScan, type CollectionRow, type FullScanRow } from './collection.ts';
import type { ChildReport } from './evaluate-child.ts';
import { benchExoMailboxes } from './exo-mailboxes.ts';
import { findLdapsearch } from './ldapsearch.ts';
import { benchPlan } from './plan.ts';
import { benchSamba } from './samba.ts';
import { USER_FILTER } from './scaled.ts';
import { benchStartup, type StartupRow } from './startup.ts';

const TARGETS = {
  demoMedianMs: 5000,
  /** Start-up of a scan to its first request, compiled build. */
  startupMs: 300,
  /** LDAP collection (the whole source) against ldapsearch's paged search of the users (else ldapts's). */
  ldapRatio: 1.2,
  /** Graph collection (the whole source) against a minimal client paging /users. */
  graphRatio: 1.5,
  /** Graph requests beyond the minimal client's pages. */
  graphExtraRequests: 50,
  rssMb: 400,
  /** A full scan of 100k + 100k users: collection (both sources) + evaluation. */
  fullScanMs: 60_000,
  /** Evaluation of every check at the largest N. */
  evaluateMs: 3000,
  /** t(N)/t(10k) may exceed N/10k by this factor at most: linear within 20 %. */
  linearSlack: 1.2,
};
const PLAN = benchPlan(process.env);
const SIZES = PLAN.evaluationSizes;
const RUNS = 3;
const COLLECTION_SIZES = PLAN.collectionSizes;
const COLLECTION_RUNS = 3;
/** The full scan (LDAP + Graph + EXO collected, snapshot saved, every check), once per N. */
const FULL_SCAN_SIZES = PLAN.fullScanSizes;
const LDAPSEARCH = findLdapsearch();
const benchStarted = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(0)}s] ${line}\n`);
progress('compiling the measured children');
const children = await compileChildren();
process.on('exit', () => children.dispose());
if (!children.compiled) progress(`measured children run ${children.how}`);
const k = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString('en'));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchDemo(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const io = memoryIo({ CI: 'true' });
    await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet'], io);
    times.push(performance.now() - started);
  }
  return median(times);
}

interface SizeRow extends ChildReport {
  n: number;
  /** saveSnapshot (streamed, pretty-printed as the CLI writes it) in this process, and the file's size. */
  saveMs: number;
  fileMb: number;
  adUsers: number;
  graphUsers: number;
}

const count = (s: Snapshot, key: 'ldap.users' | 'graph.users') =>
  (s.artifacts[key] as { data: unknown[] }).data.length;

/** Evaluates the snapshot `file` in a child process: compiled, or (`viaTsx`) the sources through tsx. */
function evaluateInChild(file: string, viaTsx = false): ChildReport {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', ...(viaTsx ? children.tsxArgs : children.args)('evaluate-child', file)],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 600_000, killSignal: 'SIGKILL' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildReport;
}

function benchSize(n: number, dir: string): SizeRow {
  progress(`evaluation at ${k(n)}`);
  const snapshot = scaledSnapshot(n);
  const file = join(dir, `snapshot-${n}.json`);
  const saveStarted = performance.now();
  saveSnapshot(file, snapshot);
  const saveMs = Math.round(performance.now() - saveStarted);
  const fileMb = Math.round(statSync(file).size / 1024 / 1024);
  const runs = Array.from({ length: RUNS }, () => evaluateInChild(file));
  rmSync(file);
  const best = runs.reduce((a, b) => (b.evaluateCpuMs < a.evaluateCpuMs ? b : a));
  return {
    ...best,
    rssPeakMb: Math.max(...runs.map((r) => r.rssPeakMb)),
    n,
    saveMs,
    fileMb,
    adUsers: count(snapshot, 'ldap.users'),
    graphUsers: count(snapshot, 'graph.users'),
  };
}

const loadBefore = os.loadavg()[0]!;
const small = scaledSnapshot(1);
const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-'));
let rows: SizeRow[];
let reference: ChildReport;
/** The small organisation evaluated by the sources through tsx, when the children run compiled. */
let referenceTsx: ChildReport | undefined;
try {
  const smallFile = join(dir, 'snapshot-small.json');
  writeFileSync(smallFile, JSON.stringify(small));
  reference = evaluateInChild(smallFile);
  if (children.compiled) referenceTsx = evaluateInChild(smallFile, true);
  rows = SIZES.map((n) => benchSize(n, dir));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
progress('demo scan');
const demoMs = await benchDemo();
// 3. the live Exchange Online mailbox list: the largest N of mailboxes from the simulator, paged.
progress('Exchange Online mailbox list');
const exoBench = await benchExoMailboxes(SIZES.at(-1)!, 1000);
progress('start-up (the product build first: a dist/ older than the sources would run through tsx)');
execFileSync(process.execPath, ['scripts/build.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
const built = chooseEntry(process.cwd(), {});
if (built.entry !== 'dist')
  throw new Error(`bench: after scripts/build.js the CLI still runs through tsx: ${built.reason}`);
const startup: StartupRow[] = await benchStartup();
const collection: CollectionRow[] = [];
for (const n of COLLECTION_SIZES) {
  progress(`collection at ${k(n)} (simulators in child processes)`);
  collection.push(...(await benchCollection([n], COLLECTION_RUNS, LDAPSEARCH, children)));
}
progress('Samba tier');
const sambaDir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-samba-'));
const samba = await benchSamba(
  COLLECTION_RUNS,
  LDAPSEARCH,
  sambaDir,
  (line) => progress(line),
  children,
).finally(() => rmSync(sambaDir, { recursive: true, force: true }));
const fullScans: FullScanRow[] = [];
for (const n of FULL_SCAN_SIZES) {
  progress(`full scan at ${k(n)}`);
  fullScans.push(await benchFullScan(n, children));
}
const compiled = startup.find((r) => r.entry === 'dist')!;

const first = rows[0]!;
const last = rows.at(-1)!;
const users = (r: SizeRow) => r.adUsers + r.graphUsers;
const ratio = (r: SizeRow) => r.evaluateCpuMs / Math.max(1, first.evaluateCpuMs);
const expectedRatio = (r: SizeRow) => users(r) / users(first);
const statusesDiffer = (r: ChildReport, from = reference) =>
  Object.entries(from.statuses)
    .filter(([id, s]) => r.statuses[id] !== s)
    .map(([id, s]) => `${id} ${s}→${r.statuses[id] ?? 'missing'}`);
/** tsx's status → the compiled child's, for each check where they differ (undefined: not compiled). */
const compiledDiff = referenceTsx && statusesDiffer(reference, referenceTsx);
const notJudged = Object.entries(reference.statuses).filter(([, s]) => s === 'skipped' || s === 'error');

const table = [
  `| N (AD + Entra users) | save snapshot (file) | load snapshot | evaluate: CPU | evaluate: wall | CPU µs per user | CPU t / t(${k(first.n)}) (users ×) | RSS loaded (after GC) | peak RSS loading | peak RSS | slowest checks (wall) |`,
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.adUsers.toLocaleString('en')} + ${r.graphUsers.toLocaleString('en')} | ${r.saveMs} ms (${r.fileMb} MB) | ${r.loadMs} ms | ${r.evaluateCpuMs} ms | ${r.evaluateMs} ms | ${((r.evaluateCpuMs * 1000) / users(r)).toFixed(1)} | ${ratio(r).toFixed(2)} (${expectedRatio(r).toFixed(1)}) | ${r.rssLoadedMb} MB | ${r.rssPeakLoadedMb} MB | ${r.rssPeakMb} MB | ${r.slowest.map((s) => `${s.id} ${s.ms} ms`).join(', ')} |`,
  ),
];

const startupTable = [
  '| entry | first request: CPU | first request: process age | first request: wall from spawn | `--version` wall |',
  '|---|---|---|---|---|',
  ...startup.map(
    (r) =>
      `| ${r.entry === 'dist' ? 'compiled (dist/)' : 'sources through tsx'} | ${r.firstRequestCpuMs} ms | ${r.firstRequestAgeMs} ms | ${r.firstRequestMs} ms | ${r.versionMs} ms |`,
  ),
];

const ldapMs = (r: CollectionRow) => r.ldap.sources.ldap!.durationMs;
const graphMs = (r: CollectionRow) => r.graph.sources.graph!.durationMs;
const exoMs = (r: CollectionRow) => r.exo.sources.exo!.durationMs;
/** The LDAP floor a ratio is judged against: ldapsearch when installed, else the ldapts client. */
const ldapFloor = (r: { ldapsearch?: { wallMs: number }; ldapFloor: { wallMs: number } }) =>
  r.ldapsearch
    ? { name: 'ldapsearch', ms: r.ldapsearch.wallMs }
    : { name: 'the minimal ldapts client (ldapsearch not installed)', ms: r.ldapFloor.wallMs };
const ldapRatio = (r: CollectionRow) => ldapMs(r) / ldapFloor(r).ms;
const graphRatio = (r: CollectionRow) => graphMs(r) / r.graphFloor.wallMs;
const endpoints = (e: Record<string, number>) =>
  Object.entries(e)
    .map(([name, v]) => `${name.replace(/\|/g, '\\|')} ${v}`)
    .join(', ');
const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`);
const collectionTable = [
  '| N (users each side) | LDAP source | ldapsearch (CPU) | ldapts floor | LDAP × floor | Graph source | Graph floor | × | Graph requests (floor pages) | EXO source (requests) | LDAP + Graph in one scan: wall (LDAP, Graph) | peak RSS: LDAP / Graph / EXO / both; floors: ldapsearch, ldapts, Graph | simulator CPU: LDAP during source / ldapsearch / ldapts; Graph during source / floor | simulators built (LDAP, login + Graph, EXO) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...collection.map(
    (r) =>
      `| ${r.n.toLocaleString('en')} | ${ldapMs(r)} ms | ${r.ldapsearch ? `${r.ldapsearch.wallMs} ms (${ms(r.ldapsearch.cpuMs)})` : 'not installed'} | ${r.ldapFloor.wallMs} ms | ${ldapRatio(r).toFixed(2)} | ${graphMs(r)} ms | ${r.graphFloor.wallMs} ms | ${graphRatio(r).toFixed(2)} | ${r.graph.requests} (${r.graphFloor.requests}) | ${exoMs(r)} ms (${r.exo.requests}) | ${r.both.wallMs} ms (${r.both.sources.ldap!.durationMs}, ${r.both.sources.graph!.durationMs}) | ${r.ldap.rssPeakMb} / ${r.graph.rssPeakMb} / ${r.exo.rssPeakMb} / ${r.both.rssPeakMb}; ${r.ldapsearch?.rssPeakMb ?? '—'}, ${r.ldapFloor.rssPeakMb}, ${r.graphFloor.rssPeakMb} MB | ${r.ldap.simCpuMs.ldap} / ${r.ldapsearch?.simCpuMs.ldap ?? '—'} / ${r.ldapFloor.simCpuMs.ldap} ms; ${r.graph.simCpuMs.cloud} / ${r.graphFloor.simCpuMs.cloud} ms | ${r.simBuildMs.ldap}, ${r.simBuildMs.cloud}, ${r.simBuildMs.exo} ms |`,
  ),
];
const requestLines = collection.map(
  (r) =>
    `- ${r.n.toLocaleString('en')}: LDAP ${endpoints(r.ldap.requestsByEndpoint)}; Graph ${endpoints(r.graph.requestsByEndpoint)}; EXO ${endpoints(r.exo.requestsByEndpoint)}; ldapsearch ${r.ldapsearch ? endpoints(r.ldapsearch.requestsByEndpoint) : 'not installed'}; ldapts floor ${endpoints(r.ldapFloor.requestsByEndpoint)}; Graph floor ${endpoints(r.graphFloor.requestsByEndpoint)}`,
);
const sambaRow = samba.row;
const sambaMs = sambaRow?.collector.sources.ldap?.durationMs ?? 0;
const sambaTable = sambaRow
  ? [
      '| generated users (users read) | LDAP source | ldapsearch (CPU) | ldapts floor | LDAP × floor | requests: source (ldapsearch) | peak RSS: source / ldapsearch / ldapts | DC provisioned and started |',
      '|---|---|---|---|---|---|---|---|',
      `| ${sambaRow.generated.toLocaleString('en')} (${sambaRow.collector.users.toLocaleString('en')}) | ${sambaMs} ms | ${sambaRow.ldapsearch ? `${sambaRow.ldapsearch.wallMs} ms (${ms(sambaRow.ldapsearch.cpuMs)})` : 'not installed'} | ${sambaRow.ldapFloor.wallMs} ms | ${(sambaMs / ldapFloor(sambaRow).ms).toFixed(2)} | ${sambaRow.collector.requests} (${sambaRow.ldapsearch?.requests ?? '—'}) | ${sambaRow.collector.rssPeakMb} / ${sambaRow.ldapsearch?.rssPeakMb ?? '—'} / ${sambaRow.ldapFloor.rssPeakMb} MB | ${(sambaRow.provisionMs / 1000).toFixed(1)} s |`,
    ]
  : [`Samba tier not run: ${samba.skipped}.`];
const biggest = collection.at(-1)!;
const fullScanTable = [
  '| N (users each side) | wall | CPU | collect (LDAP, Graph, EXO) | save snapshot | evaluate | RSS collected | peak RSS | requests | artifact errors | simulator CPU (LDAP, login + Graph, EXO) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...fullScans.map(({ n, scan: r }) => {
    const p = r.phases!;
    const src = (id: string) => r.sources[id]?.durationMs ?? 0;
    return `| ${n.toLocaleString('en')} | ${r.wallMs} ms | ${r.cpuMs} ms | ${p.collectMs} ms (${src('ldap')}, ${src('graph')}, ${src('exo')}) | ${p.saveMs} ms | ${p.evaluateMs} ms | ${p.rssCollectedMb} MB | ${r.rssPeakMb} MB | ${r.requests} | ${r.errors?.length ? r.errors.join(', ') : 'none'} | ${r.simCpuMs.ldap}, ${r.simCpuMs.cloud}, ${r.simCpuMs.exo} ms |`;
  }),
];
const fullScan = fullScans.at(-1)!;
const fullN = `${k(fullScan.n)} + ${k(fullScan.n)}`;
const targets: [string, string, string, boolean][] = [
  [
    `start-up of a scan to its first request, compiled build, median of ${compiled.runs}`,
    `${compiled.firstRequestCpuMs} ms CPU (${compiled.firstRequestAgeMs} ms process age)`,
    `≤ ${TARGETS.startupMs} ms CPU`,
    compiled.firstRequestCpuMs <= TARGETS.startupMs,
  ],
  ...collection.flatMap((r): [string, string, string, boolean][] => [
    [
      `LDAP collection at ${k(r.n)}: the source against ${ldapFloor(r).name}`,
      `${ldapMs(r)} ms / ${ldapFloor(r).ms} ms = ${ldapRatio(r).toFixed(2)}×`,
      `≤ ${TARGETS.ldapRatio}×`,
      ldapRatio(r) <= TARGETS.ldapRatio,
    ],
    [
      `Graph collection at ${k(r.n)}: the source against the minimal client`,
      `${graphMs(r)} ms / ${r.graphFloor.wallMs} ms = ${graphRatio(r).toFixed(2)}×`,
      `≤ ${TARGETS.graphRatio}×`,
      graphRatio(r) <= TARGETS.graphRatio,
    ],
    [
      `Graph requests at ${k(r.n)}`,
      `${r.graph.requests} (floor ${r.graphFloor.requests} pages)`,
      `≤ ${r.graphFloor.requests + TARGETS.graphExtraRequests}`,
      r.graph.requests <= r.graphFloor.requests + TARGETS.graphExtraRequests,
    ],
    [
      `LDAP and Graph collected concurrently at ${k(r.n)}`,
      `both in ${r.both.wallMs} ms; one after the other ${ldapMs(r) + graphMs(r)} ms`,
      '< the sum',
      r.both.wallMs < ldapMs(r) + graphMs(r),
    ],
  ]),
  ...(sambaRow
    ? ([
        [
          `LDAP collection from the Samba AD DC (${sambaRow.generated.toLocaleString('en')} generated users): the source against ${ldapFloor(sambaRow).name}`,
          `${sambaMs} ms / ${ldapFloor(sambaRow).ms} ms = ${(sambaMs / ldapFloor(sambaRow).ms).toFixed(2)}×`,
          `≤ ${TARGETS.ldapRatio}×`,
          sambaMs / ldapFloor(sambaRow).ms <= TARGETS.ldapRatio,
        ],
      ] as [string, string, string, boolean][])
    : []),
  [
    `peak RSS collecting both sources at ${k(biggest.n)}`,
    `${biggest.both.rssPeakMb} MB`,
    `≤ ${TARGETS.rssMb} MB`,
    biggest.both.rssPeakMb <= TARGETS.rssMb,
  ],
  [
    `peak RSS evaluating ${k(last.n)}`,
    `${last.rssPeakMb} MB`,
    `≤ ${TARGETS.rssMb} MB`,
    last.rssPeakMb <= TARGETS.rssMb,
  ],
  [
    `full scan of ${fullN} (LDAP + Graph + EXO, snapshot saved, every check): wall`,
    `${fullScan.scan.wallMs} ms (${fullScan.scan.cpuMs} ms CPU)`,
    `≤ ${TARGETS.fullScanMs} ms`,
    fullScan.scan.wallMs <= TARGETS.fullScanMs,
  ],
  [
    `full scan of ${fullN}: peak RSS`,
    `${fullScan.scan.rssPeakMb} MB`,
    `≤ ${TARGETS.rssMb} MB`,
    fullScan.scan.rssPeakMb <= TARGETS.rssMb,
  ],
  [
    `full scan of ${fullN}: every artifact collected`,
    fullScan.scan.errors?.length ? fullScan.scan.errors.join(', ') : 'all',
    'no artifact error',
    !fullScan.scan.errors?.length,
  ],
  [
    'demo scan (contoso-ready), median of 5',
    `${demoMs.toFixed(0)} ms`,
    `< ${TARGETS.demoMedianMs} ms`,
    demoMs < TARGETS.demoMedianMs,
  ],
  [
    `evaluate ${last.adUsers.toLocaleString('en')} + ${last.graphUsers.toLocaleString('en')} users, every check`,
    `${last.evaluateCpuMs} ms CPU (${last.evaluateMs} ms wall)`,
    `≤ ${TARGETS.evaluateMs} ms CPU`,
    last.evaluateCpuMs <= TARGETS.evaluateMs,
  ],
  ...rows
    .slice(1)
    .map((r): [string, string, string, boolean] => [
      `linear in N: CPU t(${k(r.n)}) / t(${k(first.n)})`,
      ratio(r).toFixed(2),
      `≤ ${(expectedRatio(r) * TARGETS.linearSlack).toFixed(1)} (users × ${expectedRatio(r).toFixed(1)}, +20 %)`,
      ratio(r) <= expectedRatio(r) * TARGETS.linearSlack,
    ]),
  [
    'every check evaluates on the small organisation (none skipped or errored)',
    notJudged.length
      ? notJudged.map(([id, s]) => `${id} ${s}`).join(', ')
      : `${Object.keys(reference.statuses).length} checks`,
    'none skipped/error',
    notJudged.length === 0,
  ],
  [
    `exo: read ${exoBench.mailboxes.toLocaleString('en')} mailboxes (Admin API Get-Mailbox, page size ${exoBench.pageSize})`,
    `${exoBench.requests} requests, ${exoBench.ms} ms, peak RSS ${exoBench.rssPeakMb} MB (simulator in-process), heap +${exoBench.heapGrowthMb} MB`,
    `≤ ${Math.ceil(exoBench.mailboxes / exoBench.pageSize)} requests, heap + ≤ 150 MB`,
    exoBench.requests <= Math.ceil(exoBench.mailboxes / exoBench.pageSize) && exoBench.heapGrowthMb <= 150,
  ],
  ...(compiledDiff
    ? ([
        [
          'the compiled children judge as the sources do: statuses of the small organisation, compiled against through tsx',
          compiledDiff.length ? compiledDiff.join(', ') : 'same',
          'same',
          compiledDiff.length === 0,
        ],
      ] as [string, string, string, boolean][])
    : []),
  ...rows.map((r): [string, string, string, boolean] => {
    const diff = statusesDiffer(r);
    return [
      `same statuses at ${k(r.n)} as at ${count(small, 'ldap.users')} + ${count(small, 'graph.users')} users`,
      diff.length ? diff.join(', ') : 'same',
      'same',
      diff.length === 0,
    ];
  }),
];

const loadAfter = os.loadavg()[0]!;
const load = `load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} CPUs${Math.max(loadBefore, loadAfter) > os.cpus().length ? ': a busy machine, wall times are stretched' : ''}`;
const durationMin = ((performance.now() - benchStarted) / 60_000).toFixed(1);
const reducedNote = PLAN.reduced.length
  ? `reduced run (${PLAN.reduced.join(', ')}): not the benchmark of record`
  : undefined;
const lines = [
  ...startupTable,
  '',
  ...collectionTable,
  '',
  ...sambaTable,
  '',
  ...fullScanTable,
  '',
  ...table,
  '',
  load,
  `bench took ${durationMin} min${reducedNote ? `; ${reducedNote}` : ''}`,
  '',
  ...targets.map(([what, got, target, ok]) => `${ok ? 'ok  ' : 'MISS'} ${what}: ${got} (target ${target})`),
];
console.log(lines.join('\n'));

const ldapsearchUsed = LDAPSEARCH
  ? `\`ldapsearch\` (${LDAPSEARCH}; \`ldapsearch -H ldaps://… -x -D … -w … -b <domain> -E pr=1000/noprompt '${USER_FILTER}' <the collector's ${USER_ATTRIBUTES.length} attributes>\` with LDAPTLS_CACERT the server's CA, its output counted as it streams; CPU and peak RSS from /usr/bin/time when installed) is the floor the LDAP ratio is judged against; the minimal ldapts client (connect, bind, one paged search of the same users with the same attributes, pages of 1000) is shown beside it`
  : "ldapsearch is not installed (ldap-utils), so the LDAP ratio is judged against the minimal ldapts client (connect, bind, one paged search of the users with the collector's attributes, pages of 1000)";
const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
const resultsFile = PLAN.reduced.length ? 'bench/results.reduced.md' : 'bench/results.md';
writeFileSync(
  resultsFile,
  [
    '# npm run bench: results',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine}`,
    `- ${load}`,
    `- the bench took ${durationMin} min${reducedNote ? `; ${reducedNote}` : ''}`,
    `- measured children (bench/evaluate-child.ts; bench/collect-child.ts: the collectors, the floors and the full scan alike) run ${children.how}`,
    `- snapshot: fixtures/golden/contoso-ready scaled up (test/helpers/scale.ts): every artifact a check reads, graph.domains included; evaluation in a child process per N (\`--expose-gc\`), the run with the least CPU time of ${RUNS}; targets judged on CPU time (user + system of the process, GC included), wall time shown beside it; peak RSS is the high-water mark of that process's resident set (Node, the checks, the parsed snapshot and the evaluation: VmHWM in /proc/self/status, as for every measured child; not getrusage maxrss, which Linux carries across exec from the bench process that forked the child)`,
    '',
    '## Start-up to the first request',
    '',
    `\`hybridscan scan\` with LDAP and the login service pointed at a loopback listener that closes every connection (bench/startup.ts); median of ${compiled.runs} runs each. CPU and process age come from a probe preloaded into the process (bench/startup-probe.js) at its first outgoing TCP connection; wall is from spawn until the listener saw it. The target is judged on CPU time.`,
    '',
    ...startupTable,
    '',
    '## Collection',
    '',
    `The real collectors (\`collectSnapshot\` with only that source, every artifact of it) against the LDAP simulator (LDAPS), the login + Graph simulators and the Exchange Online simulator (its mailbox list made from the same users) holding contoso-ready with N users added on each side (bench/collection.ts, bench/scaled.ts). Each simulator runs in a child process of its own (bench/sim-child.ts: LDAP; login + Graph; Exchange Online), started before the measurements of its N; each measured client in another (bench/collect-child.ts, ${children.compiled ? 'compiled' : 'through tsx'}, modules loaded before the clock starts). Each simulator answers one untimed read (the ldapts floor, the Graph floor) before anything is measured, so that no client meets its code cold; then the sources, their floors and the scan of LDAP + Graph together are run in turns (LDAP source, ldapts floor, Graph source, Graph floor, both, ldapsearch; again; …), ${COLLECTION_RUNS} runs each, so that the scan of both and the sum of the two it is judged against meet the machine alike: best wall time, highest peak RSS. The Exchange Online source runs after them. Floors: LDAP, ${ldapsearchUsed}; Graph, a minimal keep-alive node:https client (client-credentials token, then \`/users?$top=999&$select=…\` page by page). The LDAP source also reads the configuration partition and the other mail objects; the Graph source also signs in through MSAL, reads the organisation, domains and apps. Simulator CPU is the CPU time the simulator's process spent during the measurement: near the wall time, the simulator bounds it (client and floor alike).`,
    '',
    ...collectionTable,
    '',
    'Requests per endpoint:',
    '',
    ...requestLines,
    '',
    '### Samba AD DC',
    '',
    `A real Samba AD DC (bench/samba.ts, provisioned by the integration tier's test/integration/samba/fixture.ts: the scenario's objects and ${Number(process.env.BENCH_SAMBA_USERS ?? 10_000).toLocaleString('en')} generated users loaded offline with \`ldbadd --relax\`, 200 per transaction) on its own loopback address, read over verified LDAPS by the LDAP source, the minimal ldapts client and ldapsearch (same filter and attributes), after one untimed read, in turns: best wall time of ${COLLECTION_RUNS} each. Where Samba is not installed or the bench is not root, this section is skipped with its reason (CI, \`HYBRIDSCAN_REQUIRE_INTEGRATION=1\`, fails instead); \`BENCH_SAMBA=0\` skips it, \`BENCH_SAMBA_USERS\` sets its size (larger sizes are optional: loading takes several seconds per thousand users).`,
    '',
    ...sambaTable,
    '',
    '## Full scan',
    '',
    `\`hybridscan scan --save-snapshot\` as one child process (bench/collect-child.ts, kind \`scan\`, ${children.compiled ? 'compiled' : 'through tsx'}): the LDAP, Graph and Exchange Online sources collected concurrently against the simulators of the collection section (each in its own process), the snapshot saved (streamed, src/snapshot/json-stream.ts), every check evaluated. DNS and HTTP are not collected (their checks skip).`,
    '',
    ...fullScanTable,
    '',
    '## Evaluation of a saved snapshot',
    '',
    ...table,
    '',
    '## Targets',
    '',
    '| | measured | target | |',
    '|---|---|---|---|',
    ...targets.map(
      ([what, got, target, ok]) => `| ${what} | ${got} | ${target} | ${ok ? 'ok' : '**MISS**'} |`,
    ),
    '',
  ].join('\n'),
);
progress(`wrote ${resultsFile}`);

process.exitCode = targets.every((t) => t[3]) ? 0 : 1;
