import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { UsageError } from '../util/errors.ts';
import { readScale, type ScaleSpec } from './scale.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));
export const PKI_DIR = fileURLToPath(new URL('../../fixtures/pki/', import.meta.url));

/**
 * A simulated environment: `fixtures/scenarios/<name>/scenario.yaml` plus one data file per
 * simulated service. A scenario may `extends` another; any data file it lacks comes from the parent,
 * so a broken variant holds only the files it changes.
 *
 * `scale: { copies: N }` (inherited through `extends`, like the data files) makes every simulated
 * side hold the same organisation with its ordinary (mail-enabled) users N times in all: the LDAP
 * directory (`ldap.ldif` + overlays), the Graph users (and so the mailboxSettings answers and the
 * Exchange Online mailbox list derived from them), and a written `exo/mailboxes.yaml`. Copies get
 * new names, anchors and GUIDs, consistent across sides (see src/simulator/scale.ts); service
 * accounts, groups and configuration stay once. `copies: 500` of contoso-ready's four users is a
 * 2,000-user organisation. N is a whole number from 1 (as written) to 100,000; a scenario's own
 * `scale:` replaces its parent's.
 */
export interface Scenario {
  name: string;
  description: string;
  /** Folders searched for data files, the scenario's own first. */
  dirs: string[];
  /** Config the scenario scans with (simulator endpoints are added at start). */
  config: Record<string, unknown>;
  /** Absolute path of a data file, looked up through the `extends` chain. */
  file(relative: string): string | undefined;
  /** Parsed YAML/JSON data file, or undefined when no scenario in the chain has it. */
  data<T>(relative: string): T | undefined;
  /** Users copied N times on every side (`scale:`); absent: the organisation as written. */
  scale?: ScaleSpec;
}

interface ScenarioFile {
  description?: string;
  extends?: string;
  config?: Record<string, unknown>;
  scale?: ScaleSpec;
}

export function listScenarios(): { name: string; description: string }[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((n) => existsSync(join(SCENARIOS_DIR, n, 'scenario.yaml')))
    .sort()
    .map((name) => ({ name, description: loadScenario(name).description }));
}

export function loadScenario(name: string, seen: string[] = []): Scenario {
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(join(SCENARIOS_DIR, name, 'scenario.yaml'))) {
    const known = readdirSync(SCENARIOS_DIR).join(', ');
    throw new UsageError(`unknown scenario "${name}"; available: ${known}`);
  }
  if (seen.includes(name))
    throw new UsageError(`scenario ${name} extends itself (${[...seen, name].join(' -> ')})`);
  const dir = join(SCENARIOS_DIR, name);
  const own = (parse(readFileSync(join(dir, 'scenario.yaml'), 'utf8')) ?? {}) as ScenarioFile;
  const parent = own.extends ? loadScenario(own.extends, [...seen, name]) : undefined;
  const dirs = [dir, ...(parent?.dirs ?? [])];
  const file = (relative: string) => dirs.map((d) => join(d, relative)).find((p) => existsSync(p));
  let scale = parent?.scale;
  try {
    scale = readScale(own.scale) ?? scale;
  } catch (err) {
    throw new UsageError(`scenario ${name}: ${(err as Error).message}`);
  }
  return {
    name,
    description: own.description ?? parent?.description ?? '',
    dirs,
    config: deepMerge(parent?.config ?? {}, own.config ?? {}),
    file,
    data<T>(relative: string) {
      const path = file(relative);
      return path ? (parse(readFileSync(path, 'utf8')) as T) : undefined;
    },
    ...(scale ? { scale } : {}),
  };
}

/** Merges plain objects key by key; arrays and scalars of `patch` replace those of `base`. */
export function deepMerge(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    const prev = out[k];
    out[k] =
      isPlain(prev) && isPlain(v)
        ? deepMerge(prev as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function isPlain(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
