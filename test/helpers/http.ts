import { parseConfig } from '../../src/config/load.ts';
import type { ArtifactMap } from '../../src/evidence/index.ts';
import { startSimulation } from '../../src/simulator/index.ts';
import { type Collected, collectAll } from '../../src/sources/collect.ts';
import httpCollector from '../../src/sources/http/collector.ts';
import openidCollector from '../../src/sources/openid/collector.ts';
import type { Collector } from '../../src/sources/types.ts';
import { loadTlsTrust } from '../../src/util/tls.ts';
import type { CheckInput } from './check.ts';

export interface HttpCollection extends Collected {
  durationMs: number;
  /** The collected artifacts (ok ones) and errors, in `runCheck`'s input shape. */
  input: Pick<CheckInput, 'artifacts' | 'errors'>;
}

/**
 * Starts a scenario's simulators on loopback and runs the real OpenID and HTTP collectors against
 * them (real TLS, the test CA via endpoints.caFile, connectTo rules from the simulator).
 */
export async function collectScenario(
  scenario: string,
  patch: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c,
  collectors: Collector[] = [openidCollector, httpCollector],
  overallMs = 25_000,
): Promise<HttpCollection> {
  const sim = await startSimulation(scenario);
  try {
    const { config } = parseConfig(patch(sim.config), `test ${scenario}`, sim.scenario.dirs[0]!, {
      ...process.env,
      ...sim.env,
    });
    const started = performance.now();
    const collected = await collectAll({
      config,
      collectors,
      tls: loadTlsTrust(config),
      signal: AbortSignal.timeout(overallMs),
    });
    const artifacts: Partial<Record<keyof ArtifactMap, unknown>> = {};
    const errors: NonNullable<CheckInput['errors']> = {};
    for (const [key, rec] of Object.entries(collected.artifacts)) {
      if (rec.status === 'ok') artifacts[key as keyof ArtifactMap] = rec.data;
      else errors[key as keyof ArtifactMap] = rec.error;
    }
    return {
      ...collected,
      durationMs: performance.now() - started,
      input: { artifacts: artifacts as Partial<ArtifactMap>, errors },
    };
  } finally {
    await sim.stop();
  }
}

const cache = new Map<string, Promise<HttpCollection>>();

/** `collectScenario` without a patch, collected once per test file (tests must not mutate it). */
export function cachedScenario(scenario: string): Promise<HttpCollection> {
  let found = cache.get(scenario);
  if (!found) {
    found = collectScenario(scenario);
    cache.set(scenario, found);
  }
  return found;
}
