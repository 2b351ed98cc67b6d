import type { Scenario } from './scenario.ts';

export interface StartedServer {
  /** Config to merge into the scenario's: endpoint overrides pointing at this server. */
  config: Record<string, unknown>;
  /** Environment variables the config refers to (a simulated client secret, say). */
  env?: Record<string, string>;
  /** What the server counted (requests by route…), live while it runs; read by tests. */
  stats?: object;
  stop(): Promise<void>;
}

/** One simulated service; `start` returns undefined when the scenario has no data for it. */
export interface SimulatorServer {
  id: string;
  start(scenario: Scenario): Promise<StartedServer | undefined>;
}
