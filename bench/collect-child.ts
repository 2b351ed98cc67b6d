/**
 * One measurement of the collection bench (bench/collection.ts), in its own process so its peak
 * RSS and CPU time are its own: the real collectors of some sources, or a floor client, against
 * the simulators (each in a process of its own, bench/sim-child.ts) or the Samba DC. Prints one
 * JSON line.
 */
import { readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { Client } from 'ldapts';
import { parseConfig } from '../src/config/load.ts';
import { evaluate } from '../src/engine/evaluate.ts';
import { loadChecks } from '../src/engine/registry.ts';
import { collectSnapshot } from '../src/pipeline.ts';
import { saveSnapshot } from '../src/snapshot/io.ts';
import { GRAPH_SCOPE } from '../src/sources/graph/auth.ts';
import { SELECT } from '../src/sources/graph/select.ts';
import { USER_ATTRIBUTES } from '../src/sources/ldap/reader.ts';
import { loadCollectors } from '../src/sources/registry.ts';
import { releaseGarbage } from '../src/util/release-garbage.ts';
import { peakRssMb } from './children.ts';
import { USER_FILTER } from './scaled.ts';

export interface ChildRequest {
  kind: 'collectors' | 'ldap-floor' | 'graph-floor' | 'scan';
  /**
   * For `collectors`: the sources to collect (nothing else runs). For `scan`: the same, then the
   * snapshot saved to `snapshotFile` (as `--save-snapshot` does) and every check evaluated.
   */
  sources: string[];
  config: Record<string, unknown>;
  env: Record<string, string>;
  domain?: string;
  snapshotFile?: string;
}

export interface CollectReport {
  wallMs: number;
  cpuMs: number;
  rssPeakMb: number;
  /** Users read (AD users + Entra users for a scan of both). */
  users: number;
  requests: number;
  requestsByEndpoint: Record<string, number>;
  /** Per source of a `collectors` run: its own wall time and status. */
  sources: Record<string, { durationMs: number; status: string; requests: number }>;
  /** For `scan`: the phases (ms) and the RSS once collection ended. */
  phases?: { collectMs: number; saveMs: number; evaluateMs: number; rssCollectedMb: number };
  /** For `scan`: artifacts that errored, and each check's status. */
  errors?: string[];
  statuses?: Record<string, string>;
}

// The last argument: `node collect-child.js REQUEST.json` compiled (bench/children.ts), or
// `node bin/run-ts.js bench/collect-child.ts REQUEST.json`.
const file = process.argv.at(-1)!;
if (!file.endsWith('.json')) throw new Error('usage: collect-child REQUEST.json');
const req = JSON.parse(readFileSync(file, 'utf8')) as ChildRequest;
const loaded = parseConfig(req.config, 'bench', process.cwd(), { ...process.env, ...req.env });
const { config } = loaded;
const ca = () => readFileSync(config.endpoints.caFile!, 'utf8');

async function collectors(): Promise<Omit<CollectReport, 'wallMs' | 'cpuMs' | 'rssPeakMb'>> {
  const snapshot = await collectSnapshot({ loaded, sources: new Set(req.sources) });
  return summary(snapshot);
}

function summary(snapshot: Awaited<ReturnType<typeof collectSnapshot>>) {
  const out: CollectReport['sources'] = {};
  const byEndpoint: Record<string, number> = {};
  let requests = 0;
  for (const id of req.sources) {
    const s = snapshot.sources[id]!;
    out[id] = { durationMs: s.durationMs, status: s.status, requests: s.requests };
    requests += s.requests;
    for (const [e, c] of Object.entries(s.requestsByEndpoint)) byEndpoint[`${id} ${e}`] = c;
  }
  const len = (key: string) => {
    const a = snapshot.artifacts[key];
    return a?.status === 'ok' ? (a.data as unknown[]).length : 0;
  };
  return {
    users: len('ldap.users') + len('graph.users'),
    requests,
    requestsByEndpoint: byEndpoint,
    sources: out,
  };
}

/** What `ldapsearch -E pr=1000` does: connect, bind, one paged search of the users' attributes. */
async function ldapFloor(): Promise<Omit<CollectReport, 'wallMs' | 'cpuMs' | 'rssPeakMb'>> {
  const ldap = config.ldap!;
  const client = new Client({
    url: ldap.url,
    tlsOptions: { ca: [readFileSync(ldap.caFile ?? config.endpoints.caFile!, 'utf8')] },
  });
  await client.bind(ldap.bindDn!, ldap.password!);
  let pages = 0;
  let users = 0;
  for await (const page of client.searchPaginated(req.domain!, {
    scope: 'sub',
    filter: USER_FILTER,
    attributes: USER_ATTRIBUTES,
    explicitBufferAttributes: [
      'objectGUID',
      'mS-DS-ConsistencyGuid',
      'msExchMailboxGuid',
      'msExchArchiveGUID',
    ],
    paged: { pageSize: 1000 },
  })) {
    pages++;
    users += page.searchEntries.length;
  }
  await client.unbind();
  return { users, requests: pages + 1, requestsByEndpoint: { bind: 1, 'search page': pages }, sources: {} };
}

function getJson(url: string, agent: Agent, token?: string, body?: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      {
        agent,
        method: body ? 'POST' : 'GET',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 400) reject(new Error(`HTTP ${res.statusCode} ${url}: ${text}`));
          else resolve(JSON.parse(text) as Record<string, unknown>);
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

/** A minimal keep-alive client: a client-credentials token, then /users?$top=999 page by page. */
async function graphFloor(): Promise<Omit<CollectReport, 'wallMs' | 'cpuMs' | 'rssPeakMb'>> {
  const graph = config.graph!;
  const agent = new Agent({ keepAlive: true, ca: ca() });
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: graph.clientId,
    client_secret: graph.clientSecret ?? '',
    // Always the global Graph resource, as the source asks (src/sources/graph/auth.ts GRAPH_SCOPE):
    // the simulator, like Graph, refuses a token whose audience is the address it listens on.
    scope: GRAPH_SCOPE,
  }).toString();
  const token = (
    await getJson(`${config.endpoints.login}/${config.tenant}/oauth2/v2.0/token`, agent, undefined, form)
  ).access_token as string;
  let next: string | undefined =
    `${config.endpoints.graph}/v1.0/users?$top=999&$select=${SELECT.users.join(',')}`;
  let pages = 0;
  let users = 0;
  while (next) {
    const page = await getJson(next, agent, token);
    pages++;
    users += (page.value as unknown[]).length;
    next = page['@odata.nextLink'] as string | undefined;
  }
  agent.destroy();
  return { users, requests: pages, requestsByEndpoint: { 'GET /users': pages }, sources: {} };
}

/** A whole scan as `hybridscan scan --save-snapshot` runs it: collect, save, evaluate every check. */
async function fullScan(): Promise<Omit<CollectReport, 'wallMs' | 'cpuMs' | 'rssPeakMb'>> {
  const t0 = performance.now();
  const snapshot = await collectSnapshot({ loaded, sources: new Set(req.sources) });
  const t1 = performance.now();
  const rssCollectedMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  if (process.env.BENCH_HEAP) {
    process.stderr.write(`before gc: ${JSON.stringify(process.memoryUsage())}\n`);
    (globalThis as { gc?: () => void }).gc?.();
    const heap = (await import('node:v8')).getHeapStatistics();
    process.stderr.write(
      `heap after collection: ${Math.round(heap.used_heap_size / 1048576)} MB used, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB\n`,
    );
  }
  // as the scan command does after collection (src/pipeline.ts)
  releaseGarbage();
  saveSnapshot(req.snapshotFile!, snapshot);
  const t2 = performance.now();
  const result = evaluate(snapshot, { config, checks: allChecks });
  const t3 = performance.now();
  rmSync(req.snapshotFile!, { force: true });
  return {
    ...summary(snapshot),
    phases: {
      collectMs: Math.round(t1 - t0),
      saveMs: Math.round(t2 - t1),
      evaluateMs: Math.round(t3 - t2),
      rssCollectedMb,
    },
    errors: Object.entries(snapshot.artifacts)
      .filter(([, a]) => a.status === 'error')
      .map(([k]) => k),
    statuses: Object.fromEntries(result.checks.map((c) => [c.id, c.status])),
  };
}

// Modules are loaded before the clock starts: collection is timed, not start-up (bench/startup.ts).
// The Graph source imports its sign-in, MSAL and the Graph SDK only when it runs (start-up of
// the other commands stays short): loaded here too, or their load (their chunks of the bundle,
// or the sources compiled by tsx on the fly) would be counted as collection.
if (req.kind === 'collectors' || req.kind === 'scan')
  await Promise.all([
    loadCollectors(),
    import('../src/sources/graph/auth.ts'),
    import('@azure/msal-node'),
    import('@microsoft/microsoft-graph-client'),
  ]);
const allChecks = req.kind === 'scan' ? await loadChecks() : [];
const started = performance.now();
const cpu = process.cpuUsage();
const work = { collectors, 'ldap-floor': ldapFloor, 'graph-floor': graphFloor, scan: fullScan }[req.kind];
const result = await work();
const used = process.cpuUsage(cpu);
const report: CollectReport = {
  ...result,
  wallMs: Math.round(performance.now() - started),
  cpuMs: Math.round((used.user + used.system) / 1000),
  rssPeakMb: peakRssMb(),
};
process.stdout.write(`${JSON.stringify(report)}\n`);
