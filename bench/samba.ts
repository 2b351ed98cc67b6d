/**
 * The Samba tier of the collection section: a real Samba AD DC (test/integration/samba/fixture.ts,
 * the integration tier's provisioning: the scenario's objects and N generated users loaded
 * offline with `ldbadd --relax`, 200 per transaction) on its own loopback address, then the real
 * LDAP collector, the minimal ldapts client and `ldapsearch` against it over verified LDAPS.
 * Skipped with a one-line reason when Samba is not installed, the machine is not root, the
 * address is taken or the DC does not start in time, unless HYBRIDSCAN_REQUIRE_INTEGRATION=1 (CI),
 * where that fails the bench.
 */
import { readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { deepMerge, loadScenario, SCENARIOS_DIR } from '../src/simulator/scenario.ts';
import { TEST_CA_FILE } from '../src/simulator/tls.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_UPN,
  DOMAIN_DN,
  provisionSamba,
  sambaWorkDir,
  unavailableReason,
} from '../test/integration/samba/fixture.ts';
import type { Children } from './children.ts';
import type { CollectReport } from './collect-child.ts';
import { bestInterleaved, inChild, ldapsearchFloor } from './collection.ts';
import type { LdapsearchReport } from './ldapsearch.ts';

interface SambaRow {
  /** Generated users (BENCH_SAMBA_USERS); the DC holds the scenario's and the built-in ones too. */
  generated: number;
  ip: string;
  /** Provisioning steps (ms), from the fixture. */
  timings: Record<string, number>;
  provisionMs: number;
  collector: CollectReport;
  ldapFloor: CollectReport;
  ldapsearch?: LdapsearchReport;
}

type SambaResult = { row: SambaRow; skipped?: undefined } | { row?: undefined; skipped: string };

const USERS = Number(process.env.BENCH_SAMBA_USERS ?? 10_000);
const IP = process.env.BENCH_SAMBA_IP ?? '127.0.0.45';
/** The whole provisioning and start, bounded (BENCH_SAMBA_TIMEOUT_MS). */
const START_TIMEOUT_MS = Number(process.env.BENCH_SAMBA_TIMEOUT_MS ?? 600_000);

/** Whether something already answers on ip:port (another DC on the same address). */
function listening(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: ip, port, timeout: 2000 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

export async function benchSamba(
  runs: number,
  ldapsearch: string | undefined,
  dir: string,
  log: (line: string) => void,
  children: Children,
): Promise<SambaResult> {
  const required = process.env.HYBRIDSCAN_REQUIRE_INTEGRATION === '1';
  const skip = (why: string): SambaResult => {
    if (required) throw new Error(`Samba tier required (HYBRIDSCAN_REQUIRE_INTEGRATION=1) but ${why}`);
    log(`Samba tier skipped: ${why}`);
    return { skipped: why };
  };
  if (process.env.BENCH_SAMBA === '0') return { skipped: 'BENCH_SAMBA=0' };
  const reason = unavailableReason();
  if (reason) return skip(reason);
  if (await listening(IP, 636)) return skip(`${IP}:636 is taken (another DC?); set BENCH_SAMBA_IP`);
  const parent = sambaWorkDir();
  const signal = AbortSignal.timeout(START_TIMEOUT_MS);
  const started = performance.now();
  let dc: Awaited<ReturnType<typeof provisionSamba>>;
  try {
    dc = await provisionSamba({
      dir: join(parent, 'dc'),
      ip: IP,
      scenarioLdif: readFileSync(join(SCENARIOS_DIR, 'contoso-ready', 'ldap.ldif'), 'utf8'),
      users: USERS,
      bigGroupMembers: 0,
      log,
      signal,
    });
  } catch (err) {
    rmSync(parent, { recursive: true, force: true });
    const why = signal.aborted
      ? `the DC did not start within ${START_TIMEOUT_MS} ms (BENCH_SAMBA_TIMEOUT_MS)`
      : (err as Error).message.split('\n')[0]!;
    return skip(`Samba AD DC could not start: ${why}`);
  }
  const provisionMs = Math.round(performance.now() - started);
  try {
    const ldap = {
      url: dc.url,
      bindDn: ADMIN_UPN,
      password: ADMIN_PASSWORD,
      caFile: dc.caFile,
      archivingServiceAccount: 'svc-mailstore',
    };
    const config = deepMerge(loadScenario('contoso-ready').config, {
      ldap,
      endpoints: { caFile: TEST_CA_FILE },
    });
    const readFloor = () =>
      inChild({ kind: 'ldap-floor', sources: [], config, env: {}, domain: DOMAIN_DN }, dir, children);
    // one untimed read first: the DC's caches are then warm for every client alike
    await readFloor();
    const clients: (() => Promise<CollectReport | LdapsearchReport>)[] = [
      () => inChild({ kind: 'collectors', sources: ['ldap'], config, env: {} }, dir, children),
      readFloor,
    ];
    if (ldapsearch) clients.push(ldapsearchFloor(ldapsearch, ldap, DOMAIN_DN));
    const [collector, ldapFloor, floor] = (await bestInterleaved(runs, clients)) as [
      CollectReport,
      CollectReport,
      LdapsearchReport | undefined,
    ];
    return {
      row: {
        generated: USERS,
        ip: IP,
        timings: dc.timings,
        provisionMs,
        collector,
        ldapFloor,
        ...(floor ? { ldapsearch: floor } : {}),
      },
    };
  } finally {
    await dc.stop();
    rmSync(parent, { recursive: true, force: true });
  }
}
