/**
 * Collection at scale: the real LDAP and Graph collectors (through `collectSnapshot`, every
 * artifact of each source) against the LDAP and Graph simulators holding contoso-ready's
 * directory and tenant with N users added on each side, next to a floor for each source:
 *   - LDAP: a minimal ldapts client doing one paged search (pages of 1000) of the same users
 *     with the same attributes over the same LDAPS simulator;
 *   - Graph: a minimal keep-alive node:https client paging `/users?$top=999&$select=…` on the
 *     same Graph simulator (token fetched first, not timed).
 * The simulators run in this process; every measured client runs in a child process of its own
 * (bench/collect-child.ts) so its peak RSS and CPU time are its own. Each is the best wall time of
 * RUNS. "both" runs LDAP and Graph in one scan, as `hybridscan scan` does (concurrently).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadExoData } from '../src/simulator/exo/data.ts';
import { Directory } from '../src/simulator/ldap/directory.ts';
import { type LdifEntry, parseLdif } from '../src/simulator/ldap/ldif.ts';
import { startLdapServer } from '../src/simulator/ldap/server.ts';
import { deepMerge, loadScenario, type Scenario } from '../src/simulator/scenario.ts';
import { startExoServer } from '../src/simulator/servers/exo.ts';
import graphServer from '../src/simulator/servers/graph.ts';
import loginServer from '../src/simulator/servers/login.ts';
import { TEST_CA_FILE, testServerCredentials } from '../src/simulator/tls.ts';
import type { ChildRequest, CollectReport } from './collect-child.ts';

const BIND_DN = 'hybridscan@corp.contoso.com';
const PASSWORD = 'Bench-Ldap-Passw0rd!';
const DOMAIN = 'DC=corp,DC=contoso,DC=com';

export interface CollectionRow {
  n: number;
  ldap: CollectReport;
  graph: CollectReport;
  both: CollectReport;
  ldapFloor: CollectReport;
  graphFloor: CollectReport;
}

/** contoso-ready's directory plus `n` users cloned from Alice, each with its own names and GUIDs. */
function scaledLdif(base: Scenario, n: number): LdifEntry[] {
  const entries = parseLdif(readFileSync(base.file('ldap.ldif')!, 'utf8'));
  const alice = entries.find((e) => e.dn.startsWith('CN=Alice Anders,'))!;
  for (let i = 0; i < n; i++) {
    const name = `bench${i}`;
    const guid = Buffer.alloc(16);
    guid.writeUInt32BE(0xbe7c0000, 0);
    guid.writeUInt32BE(i, 12);
    entries.push({
      dn: `CN=Bench User ${i},OU=Users,OU=Contoso,${DOMAIN}`,
      attributes: alice.attributes.map(([attr, values]) => {
        const lower = attr.toLowerCase();
        if (lower === 'objectguid' || lower === 'ms-ds-consistencyguid') return [attr, [guid]];
        if (lower === 'msexchmailboxguid') return [attr, [Buffer.from(guid).reverse()]];
        return [
          attr,
          values.map((v) =>
            typeof v === 'string' ? v.replace(/Alice Anders/g, `Bench User ${i}`).replace(/alice/g, name) : v,
          ),
        ];
      }),
    });
  }
  return entries;
}

/** The scenario with `n` Entra users added, cloned from its first one. */
function scaledGraph(base: Scenario, n: number): Scenario {
  const users = base.data<{ users: Record<string, unknown>[] }>('graph/users.yaml')!.users;
  const template = users[0]!;
  const extra = Array.from({ length: n }, (_, i) => {
    const upn = `bench${i}@contoso.com`;
    const guid = Buffer.alloc(16);
    guid.writeUInt32BE(0xbe7c0000, 0);
    guid.writeUInt32BE(i, 12);
    return {
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: upn,
      displayName: `Bench User ${i}`,
      mail: upn,
      proxyAddresses: [`SMTP:${upn}`, `smtp:bench${i}@contoso.mail.onmicrosoft.com`],
      onPremisesImmutableId: guid.toString('base64'),
      onPremisesDistinguishedName: `CN=Bench User ${i},OU=Users,OU=Contoso,${DOMAIN}`,
      onPremisesSamAccountName: `bench${i}`,
      onPremisesUserPrincipalName: upn,
    };
  });
  return {
    ...base,
    data: <T>(relative: string) =>
      (relative === 'graph/users.yaml' ? { users: [...users, ...extra] } : base.data(relative)) as T,
  };
}

/** Asynchronous: the simulators answering the child run on this process's event loop. */
async function inChild(request: ChildRequest, dir: string): Promise<CollectReport> {
  const file = join(dir, 'request.json');
  writeFileSync(file, JSON.stringify(request));
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['bin/run-ts.js', 'bench/collect-child.ts', file],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: 'true' } },
  );
  if (process.env.BENCH_HEAP) process.stderr.write(stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as CollectReport;
}

async function best(runs: number, measure: () => Promise<CollectReport>): Promise<CollectReport> {
  const all: CollectReport[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure());
  const fastest = all.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  return { ...fastest, rssPeakMb: Math.max(...all.map((r) => r.rssPeakMb)) };
}

export interface FullScanRow {
  n: number;
  scan: CollectReport;
}

/**
 * A full scan at N users on each side: the LDAP, Graph and Exchange Online sources (the EXO
 * mailbox list made by the simulator from the same users, as for contoso-ready) collected
 * concurrently, the snapshot saved (`--save-snapshot`), every check evaluated, in one child
 * process: its wall time, CPU time and peak RSS.
 */
export async function benchFullScan(n: number, sources = ['ldap', 'graph', 'exo']): Promise<FullScanRow> {
  const base = loadScenario('contoso-ready');
  const login = await loginServer.start(base);
  if (!login) throw new Error('contoso-ready has no login simulator');
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-scan-'));
  const ldif = scaledLdif(base, n);
  const scenario = scaledGraph(base, n);
  const ldap = await startLdapServer({
    directory: new Directory(ldif),
    mode: 'ldaps',
    tls: testServerCredentials() as { key: Buffer; cert: Buffer },
    accounts: [{ names: [BIND_DN], password: PASSWORD }],
  });
  const graph = await graphServer.start(scenario);
  const exo = await startExoServer(loadExoData(scenario, ldif)!);
  try {
    if (!graph) throw new Error('contoso-ready has no Graph simulator');
    const config = deepMerge(deepMerge(deepMerge(base.config, login.config), graph.config), {
      ldap: { url: ldap.url, bindDn: BIND_DN, password: PASSWORD, caFile: TEST_CA_FILE },
      endpoints: { caFile: TEST_CA_FILE, exchangeOnline: exo.origin },
      exchangeOnline: { live: true, invokeCommand: true },
    });
    const env = { ...login.env, ...graph.env };
    const request: ChildRequest = {
      kind: 'scan',
      sources,
      config,
      env,
      snapshotFile: join(dir, 'snapshot.json'),
    };
    return { n, scan: await inChild(request, dir) };
  } finally {
    await exo.close();
    await graph?.stop();
    await ldap.close();
    await login.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchCollection(sizes: number[], runs: number): Promise<CollectionRow[]> {
  const base = loadScenario('contoso-ready');
  const login = await loginServer.start(base);
  if (!login) throw new Error('contoso-ready has no login simulator');
  const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-bench-collect-'));
  const rows: CollectionRow[] = [];
  try {
    for (const n of sizes) {
      const ldap = await startLdapServer({
        directory: new Directory(scaledLdif(base, n)),
        mode: 'ldaps',
        tls: testServerCredentials() as { key: Buffer; cert: Buffer },
        accounts: [{ names: [BIND_DN], password: PASSWORD }],
      });
      const graph = await graphServer.start(scaledGraph(base, n));
      if (!graph) throw new Error('contoso-ready has no Graph simulator');
      try {
        const config = deepMerge(deepMerge(deepMerge(base.config, login.config), graph.config), {
          ldap: { url: ldap.url, bindDn: BIND_DN, password: PASSWORD, caFile: TEST_CA_FILE },
          endpoints: { caFile: TEST_CA_FILE },
        });
        const env = { ...login.env, ...graph.env };
        const scan = (sources: string[]) => () => inChild({ kind: 'collectors', sources, config, env }, dir);
        const floor = (kind: 'ldap-floor' | 'graph-floor') => () =>
          inChild({ kind, sources: [], config, env, domain: DOMAIN }, dir);
        rows.push({
          n,
          ldap: await best(runs, scan(['ldap'])),
          graph: await best(runs, scan(['graph'])),
          both: await best(runs, scan(['ldap', 'graph'])),
          ldapFloor: await best(runs, floor('ldap-floor')),
          graphFloor: await best(runs, floor('graph-floor')),
        });
      } finally {
        await graph.stop();
        await ldap.close();
      }
    }
  } finally {
    await login.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
