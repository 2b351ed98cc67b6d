import { type GraphData, loadGraphData, loadScanApp } from '../graph/data.ts';
import { type GraphStats, graphHandler } from '../graph/handler.ts';
import type { Scenario } from '../scenario.ts';
import { type RunningHttps, startHttps } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

export const DEMO_SECRET_ENV = 'HYBRIDSCAN_DEMO_GRAPH_SECRET';

export interface RunningGraph extends RunningHttps {
  stats: GraphStats;
}

/** Starts the Graph simulator over `data` on loopback HTTPS (tests call this with their own data). */
export async function startGraphServer(data: GraphData): Promise<RunningGraph> {
  const stats: GraphStats = {
    requests: 0,
    byRoute: {},
    throttled: 0,
    batches: 0,
    unauthenticated: 0,
    maxInFlight: 0,
  };
  let origin = '';
  const https = await startHttps(graphHandler(data, () => origin, stats));
  origin = https.origin;
  return { ...https, stats };
}

/**
 * Microsoft Graph simulator. Config patch: endpoints.graph plus the whole `graph:` section of the
 * scan app (client id, secret through ${HYBRIDSCAN_DEMO_GRAPH_SECRET}).
 */
const server: SimulatorServer = {
  id: 'graph',
  async start(scenario: Scenario) {
    const data = loadGraphData(scenario);
    const app = loadScanApp(scenario);
    if (!data || !app) return undefined;
    const running = await startGraphServer(data);
    const secret = app.configuredSecret ?? app.secret;
    return {
      config: {
        endpoints: { graph: running.origin },
        graph: {
          clientId: app.clientId,
          ...(secret ? { clientSecret: `\${${DEMO_SECRET_ENV}}` } : {}),
          // Keep the demo fast while throttled scenarios still recover.
          maxRetryWaitMs: 20_000,
        },
      },
      ...(secret ? { env: { [DEMO_SECRET_ENV]: secret } } : {}),
      stats: running.stats,
      stop: () => running.close(),
    };
  },
};

export default server;
