import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Directory } from '../ldap/directory.ts';
import { applyOverlay, parseLdif } from '../ldap/ldif.ts';
import { type SimAccount, startLdapServer } from '../ldap/server.ts';
import { scaleLdif } from '../scale.ts';
import type { Scenario } from '../scenario.ts';
import { TEST_CA_FILE, testServerCredentials } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

/** The demo bind password (simulator only; the config refers to it through the environment). */
const DEMO_LDAP_PASSWORD = 'Demo-Ldap-Passw0rd!';

/** `ldap.yaml` of a scenario (optional): how the simulated DC answers and how the scan binds. */
interface LdapSimSettings {
  /** false: no simulated DC for this scenario (a variant that scans without on-premises AD). */
  enabled?: boolean;
  /** ldaps (default) or starttls (plain ldap:// with the StartTLS extended operation). */
  transport?: 'ldaps' | 'starttls';
  bindDn?: string;
  /** The password the scan config uses; differs from the account's for a wrong-password scenario. */
  configPassword?: string;
  /** Account state returned as the AD sub-code (533 disabled, 775 locked…). */
  accountState?: SimAccount['state'];
  archivingServiceAccount?: string | null;
  maxValRange?: number;
  pageSize?: number;
}

/**
 * The scenario's directory: the nearest `ldap.ldif` in the `extends` chain, with every
 * `ldap.overlay.ldif` of the scenarios between it and this one applied (parent first), and its
 * ordinary users copied when the scenario says `scale:`.
 */
export function scenarioLdif(scenario: Scenario, file = scenario.file('ldap.ldif')) {
  if (!file) return [];
  let entries = parseLdif(readFileSync(file, 'utf8'));
  const baseDir = dirname(file);
  const chain = scenario.dirs.slice(0, Math.max(0, scenario.dirs.indexOf(baseDir))).reverse();
  for (const dir of chain) {
    const overlay = join(dir, 'ldap.overlay.ldif');
    if (existsSync(overlay)) entries = applyOverlay(entries, parseLdif(readFileSync(overlay, 'utf8')));
  }
  return scenario.scale ? scaleLdif(entries, scenario.scale.copies) : entries;
}

const server: SimulatorServer = {
  id: 'ldap',
  async start(scenario: Scenario) {
    const file = scenario.file('ldap.ldif');
    if (!file) return undefined;
    const settings = scenario.data<LdapSimSettings>('ldap.yaml') ?? {};
    if (settings.enabled === false) return undefined;
    const directory = new Directory(scenarioLdif(scenario, file));
    const bindDn = settings.bindDn ?? 'hybridscan@corp.contoso.com';
    const transport = settings.transport ?? 'ldaps';
    const running = await startLdapServer({
      directory,
      mode: transport === 'ldaps' ? 'ldaps' : 'ldap',
      tls: testServerCredentials() as { key: Buffer; cert: Buffer },
      accounts: [
        {
          names: [
            bindDn,
            'CN=HybridScan Reader,OU=Service,OU=Contoso,DC=corp,DC=contoso,DC=com',
            'CORP\\hybridscan',
          ],
          password: DEMO_LDAP_PASSWORD,
          ...(settings.accountState ? { state: settings.accountState } : {}),
        },
      ],
      ...(settings.maxValRange ? { maxValRange: settings.maxValRange } : {}),
    });
    const account =
      settings.archivingServiceAccount === null
        ? {}
        : { archivingServiceAccount: settings.archivingServiceAccount ?? 'svc-mailstore' };
    return {
      config: {
        ldap: {
          url: running.url,
          bindDn,
          password: '${HYBRIDSCAN_DEMO_LDAP_PASSWORD}',
          caFile: TEST_CA_FILE,
          ...(transport === 'starttls' ? { startTls: true } : {}),
          ...(settings.pageSize ? { pageSize: settings.pageSize } : {}),
          ...account,
        },
      },
      env: { HYBRIDSCAN_DEMO_LDAP_PASSWORD: settings.configPassword ?? DEMO_LDAP_PASSWORD },
      stop: () => running.close(),
    };
  },
};

export default server;
