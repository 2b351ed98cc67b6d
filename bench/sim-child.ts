/**
 * One simulator of the collection and full-scan sections in a process of its own, so the client
 * measured and the simulators answering it do not share an event loop (bench/sims.ts starts it):
 *   node bin/run-ts.js bench/sim-child.ts KIND N
 * KIND: `ldap` (the LDAP simulator over LDAPS), `cloud` (the login and Graph simulators) or `exo`
 * (the Exchange Online simulator, its mailbox list made from the same users); N users added on
 * each side (bench/scaled.ts). Prints one line `READY {json}` (bench/sims.ts SimInfo) once it
 * listens, then serves until its stdin closes (the parent ended it, or died) or SIGTERM. A line
 * `cpu` on stdin is answered with `CPU {"cpuMs":…}`: its CPU time so far (what the parent
 * subtracts around a measurement, to show how much of it the simulator spent).
 */
import { loadExoData } from '../src/simulator/exo/data.ts';
import { Directory } from '../src/simulator/ldap/directory.ts';
import { startLdapServer } from '../src/simulator/ldap/server.ts';
import { deepMerge, loadScenario } from '../src/simulator/scenario.ts';
import { startExoServer } from '../src/simulator/servers/exo.ts';
import graphServer from '../src/simulator/servers/graph.ts';
import loginServer from '../src/simulator/servers/login.ts';
import { TEST_CA_FILE, testServerCredentials } from '../src/simulator/tls.ts';
import { BIND_DN, PASSWORD, scaledGraph, scaledLdif } from './scaled.ts';
import { CPU, READY, type SimInfo, type SimKind } from './sims.ts';

const kind = process.argv[3] as SimKind;
const n = Number(process.argv[4]);
if (!['ldap', 'cloud', 'exo'].includes(kind) || !Number.isInteger(n) || n < 0)
  throw new Error('usage: sim-child.ts ldap|cloud|exo N');

const started = performance.now();
const base = loadScenario('contoso-ready');
const stops: (() => Promise<void>)[] = [];
let info: Omit<SimInfo, 'buildMs' | 'pid'>;
if (kind === 'ldap') {
  const ldap = await startLdapServer({
    directory: new Directory(scaledLdif(base, n)),
    mode: 'ldaps',
    tls: testServerCredentials() as { key: Buffer; cert: Buffer },
    accounts: [{ names: [BIND_DN], password: PASSWORD }],
  });
  stops.push(() => ldap.close());
  info = {
    kind,
    config: { ldap: { url: ldap.url, bindDn: BIND_DN, password: PASSWORD, caFile: TEST_CA_FILE } },
    env: {},
    caFile: TEST_CA_FILE,
    url: ldap.url,
  };
} else if (kind === 'cloud') {
  const login = await loginServer.start(base);
  if (!login) throw new Error('contoso-ready has no login simulator');
  stops.push(() => login.stop());
  const graph = await graphServer.start(scaledGraph(base, n));
  if (!graph) throw new Error('contoso-ready has no Graph simulator');
  stops.push(() => graph.stop());
  info = {
    kind,
    config: deepMerge(login.config, graph.config),
    env: { ...login.env, ...graph.env },
    caFile: TEST_CA_FILE,
    url: (graph.config.endpoints as { graph: string }).graph,
  };
} else {
  const data = loadExoData(scaledGraph(base, n), scaledLdif(base, n));
  if (!data) throw new Error('contoso-ready has no Exchange Online simulator');
  const exo = await startExoServer(data);
  stops.push(() => exo.close());
  info = {
    kind,
    config: {
      endpoints: { exchangeOnline: exo.origin },
      exchangeOnline: { live: true, invokeCommand: true },
    },
    env: {},
    caFile: TEST_CA_FILE,
    url: exo.origin,
  };
}

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  const timer = setTimeout(() => process.exit(0), 5000);
  timer.unref();
  for (const s of stops.reverse()) await s().catch(() => {});
  process.exit(0);
};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d: string) => {
  input += d;
  const lines = input.split('\n');
  input = lines.pop() ?? '';
  for (const line of lines)
    if (line.trim() === 'cpu') {
      const used = process.cpuUsage();
      process.stdout.write(
        `${CPU}${JSON.stringify({ cpuMs: Math.round((used.user + used.system) / 1000) })}\n`,
      );
    }
});
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
const ready: SimInfo = { ...info, buildMs: Math.round(performance.now() - started), pid: process.pid };
process.stdout.write(`${READY}${JSON.stringify(ready)}\n`);
