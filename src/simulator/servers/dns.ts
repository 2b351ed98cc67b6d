import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DnsFaults, startDnsServer } from '../dns/server.ts';
import { readZoneFile, type Zone } from '../dns/zone.ts';
import type { Scenario } from '../scenario.ts';
import { startHttps } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

/** `dns.yaml` of a scenario (optional): simulated faults and validated zones. */
interface DnsScenarioData {
  faults?: DnsFaults;
  /** Zones answered with the AD flag, as a validating resolver would for a signed zone. */
  authenticatedZones?: string[];
}

/** Files of `sub/` across the extends chain, the scenario's own first (a variant overrides by name). */
export function scenarioFiles(scenario: Scenario, sub: string, suffix: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of scenario.dirs) {
    const folder = join(dir, sub);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (name.endsWith(suffix) && !out.has(name)) out.set(name, join(folder, name));
    }
  }
  return out;
}

/** The scenario's zones (`zones/<origin>.zone`), parsed. */
function scenarioZones(scenario: Scenario): Zone[] {
  return [...scenarioFiles(scenario, 'zones', '.zone').values()].map((path) => readZoneFile(path));
}

/**
 * DNS simulator: an authoritative dns-packet server on loopback (UDP and TCP on one random port)
 * for the scenario's zone files, answering REFUSED for anything else so the demo never needs the
 * internet. MTA-STS policies (`mta-sts/<domain>.txt`) are served over HTTPS with the test CA and
 * reached through `endpoints.connectTo`.
 */
const server: SimulatorServer = {
  id: 'dns',
  async start(scenario) {
    const zones = scenarioZones(scenario);
    if (zones.length === 0) return undefined;
    const data = scenario.data<DnsScenarioData>('dns.yaml') ?? {};
    const dns = await startDnsServer({
      zones,
      faults: data.faults,
      authenticatedZones: data.authenticatedZones,
    });

    const policies = new Map<string, string>();
    for (const [name, path] of scenarioFiles(scenario, 'mta-sts', '.txt'))
      policies.set(`mta-sts.${name.replace(/\.txt$/, '')}`, readFileSync(path, 'utf8'));
    let https: Awaited<ReturnType<typeof startHttps>> | undefined;
    if (policies.size > 0) {
      try {
        https = await startHttps((req, res) => {
          const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
          const policy = policies.get(host);
          if (req.url === '/.well-known/mta-sts.txt' && policy !== undefined) {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end(policy);
          } else {
            res.writeHead(404, { 'content-type': 'text/plain' });
            res.end('not found');
          }
        });
      } catch (err) {
        await dns.stop();
        throw err;
      }
    }
    const connectTo = https ? [...policies.keys()].map((h) => `${h}:443:127.0.0.1:${https.port}`) : [];
    return {
      config: {
        dns: { servers: [dns.address], timeoutMs: 1000, retries: 1 },
        ...(connectTo.length ? { endpoints: { connectTo } } : {}),
      },
      stop: async () => {
        await Promise.allSettled([dns.stop(), https?.close()]);
      },
    };
  },
};

export default server;
