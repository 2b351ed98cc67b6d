import { importDefaults } from '../util/discover.ts';
import type { ScaleSpec } from './scale.ts';
import { deepMerge, loadScenario, type Scenario } from './scenario.ts';
import { TEST_CA_FILE } from './tls.ts';
import type { SimulatorServer, StartedServer } from './types.ts';

export interface Simulation {
  scenario: Scenario;
  /** The scenario's config with every started server's endpoints and the test CA merged in. */
  config: Record<string, unknown>;
  env: Record<string, string>;
  servers: string[];
  /** Each started server's counters, by server id (graph: GraphStats, exo: ExoStats). */
  stats: Record<string, object>;
  stop(): Promise<void>;
}

/**
 * Starts every simulated service the scenario has data for, on loopback. `scale` replaces the
 * scenario's own `scale:` (a test of a large organisation without a scenario folder per size).
 */
export async function startSimulation(
  name: string,
  options: { scale?: ScaleSpec } = {},
): Promise<Simulation> {
  const loaded = loadScenario(name);
  const scenario: Scenario = options.scale ? { ...loaded, scale: options.scale } : loaded;
  const servers = await importDefaults<SimulatorServer>('simulatorServers');
  const started: { id: string; server: StartedServer }[] = [];
  try {
    for (const { value } of servers) {
      const server = await value.start(scenario);
      if (server) started.push({ id: value.id, server });
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.server.stop()));
    throw err;
  }
  let config = deepMerge(scenario.config, { endpoints: { caFile: TEST_CA_FILE } });
  for (const s of started) {
    // connectTo rules of several simulators add up (deepMerge would let the last list replace the others).
    const rules = (c: Record<string, unknown>) => (c.endpoints as { connectTo?: string[] })?.connectTo ?? [];
    const before = rules(config);
    config = deepMerge(config, s.server.config);
    if (rules(s.server.config).length)
      (config.endpoints as Record<string, unknown>).connectTo = [...before, ...rules(s.server.config)];
  }
  return {
    scenario,
    config,
    env: Object.assign({}, ...started.map((s) => s.server.env ?? {})),
    servers: started.map((s) => s.id),
    stats: Object.fromEntries(started.flatMap((s) => (s.server.stats ? [[s.id, s.server.stats]] : []))),
    stop: async () => {
      await Promise.allSettled(started.map((s) => s.server.stop()));
    },
  };
}
