import { type ExoData, loadExoData } from '../exo/data.ts';
import { type ExoStats, exoHandler, newExoStats } from '../exo/handler.ts';
import type { Scenario } from '../scenario.ts';
import { type RunningHttps, startHttps } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';
import { scenarioLdif } from './ldap.ts';

interface RunningExo extends RunningHttps {
  stats: ExoStats;
}

/** Starts the Exchange Online simulator over `data` on loopback HTTPS (tests and the bench call this). */
export async function startExoServer(data: ExoData): Promise<RunningExo> {
  const stats = newExoStats();
  let origin = '';
  const https = await startHttps(exoHandler(data, () => origin, stats));
  origin = https.origin;
  return { ...https, stats };
}

/**
 * Exchange Online simulator (Admin API + InvokeCommand), for scenarios with an `exo/` folder.
 * Config patch: endpoints.exchangeOnline, live reading on, and InvokeCommand on unless the scenario
 * says otherwise (the journal-exo-* scenarios keep reading their exports).
 */
const server: SimulatorServer = {
  id: 'exo',
  async start(scenario: Scenario) {
    const data = loadExoData(scenario, scenarioLdif(scenario));
    if (!data) return undefined;
    const running = await startExoServer(data);
    const own = (scenario.config.exchangeOnline ?? {}) as { invokeCommand?: boolean; live?: boolean };
    return {
      config: {
        endpoints: { exchangeOnline: running.origin },
        exchangeOnline: {
          live: own.live ?? true,
          invokeCommand: own.invokeCommand ?? true,
          // Keep the demo quick while throttled scenarios still recover.
          maxRetryWaitMs: 20_000,
        },
      },
      stats: running.stats,
      stop: () => running.close(),
    };
  },
};

export default server;
