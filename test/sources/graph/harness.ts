import { parseConfig } from '../../../src/config/load.ts';
import type { Config } from '../../../src/config/schema.ts';
import {
  type GraphData,
  loadGraphData,
  loadScanApp,
  type ScanAppData,
} from '../../../src/simulator/graph/data.ts';
import { deepMerge, loadScenario } from '../../../src/simulator/scenario.ts';
import {
  DEMO_SECRET_ENV,
  type RunningGraph,
  startGraphServer,
} from '../../../src/simulator/servers/graph.ts';
import { type LoginData, loginHandler, tokenHandler } from '../../../src/simulator/servers/login.ts';
import { sendJson, startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { type Collected, collectAll } from '../../../src/sources/collect.ts';
import { createGraphCollector } from '../../../src/sources/graph/collector.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

export interface Harness {
  config: Config;
  graph: RunningGraph;
  loginOrigin: string;
  collect(opts?: {
    prompt?: (m: string) => void;
    config?: Partial<Config>;
    withoutTestCa?: boolean;
    progress?: (source: string, text: string) => void;
  }): Promise<Collected>;
  close(): Promise<void>;
}

/**
 * Starts the login and Graph simulators for a scenario, with optional changes to the Graph data
 * and the scan app, and returns a config pointing at them (real HTTPS, test CA).
 */
export async function startHarness(
  scenarioName = 'contoso-ready',
  changes: {
    data?: (d: GraphData) => GraphData;
    app?: (a: ScanAppData) => ScanAppData;
    config?: Record<string, unknown>;
  } = {},
): Promise<Harness> {
  const scenario = loadScenario(scenarioName);
  const data = (changes.data ?? ((d) => d))(loadGraphData(scenario)!);
  const app = (changes.app ?? ((a) => a))(loadScanApp(scenario)!);
  const loginData = scenario.data<LoginData>('openid.yaml')!;
  let loginOrigin = '';
  const handle = loginHandler(loginData, () => loginOrigin);
  const token = tokenHandler(app, loginData);
  const login = await startHttps(async (req, res) => {
    if (await token(req, res)) return;
    if (!handle(req, res)) sendJson(res, 404, { error: 'not_found' });
  });
  loginOrigin = login.origin;
  const graph = await startGraphServer(data);
  const secret = app.configuredSecret ?? app.secret;
  const raw = deepMerge(
    deepMerge(scenario.config, {
      endpoints: { login: login.origin, graph: graph.origin, caFile: TEST_CA_FILE },
      graph: { clientId: app.clientId, ...(secret ? { clientSecret: `\${${DEMO_SECRET_ENV}}` } : {}) },
    }),
    changes.config ?? {},
  );
  const { config } = parseConfig(raw, 'test', process.cwd(), { [DEMO_SECRET_ENV]: secret ?? '' });
  return {
    config,
    graph,
    loginOrigin: login.origin,
    async collect(opts = {}) {
      const cfg = { ...config, ...opts.config } as Config;
      const tls = opts.withoutTestCa
        ? loadTlsTrust({ ...cfg, endpoints: { ...cfg.endpoints, caFile: undefined } })
        : loadTlsTrust(cfg);
      return collectAll({
        config: cfg,
        collectors: [createGraphCollector({ prompt: opts.prompt ?? (() => {}) })],
        tls,
        signal: AbortSignal.timeout(60_000),
        ...(opts.progress ? { progress: opts.progress } : {}),
      });
    },
    async close() {
      await Promise.all([login.close(), graph.close()]);
    },
  };
}

/** The data of an ok artifact, or throws with the artifact error (a readable test failure). */
export function ok<T = unknown>(c: Collected, key: string): T {
  const rec = c.artifacts[key];
  if (rec?.status !== 'ok') throw new Error(`${key} not ok: ${JSON.stringify(rec)}`);
  return rec.data as T;
}

export function errorOf(c: Collected, key: string): { message: string; code?: string; permission?: string } {
  const rec = c.artifacts[key];
  if (rec?.status !== 'error')
    throw new Error(`${key} is not an error: ${JSON.stringify(rec)?.slice(0, 300)}`);
  return rec.error;
}
