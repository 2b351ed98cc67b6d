import type { Config } from './schema.ts';
import { isSecretKey, REDACTED } from './secrets.ts';

/** A copy of the config that is safe to store in a snapshot or print: secrets replaced. */
export function redactConfig(config: Config): Config {
  return walk(config) as Config;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isSecretKey(k) && v !== undefined ? REDACTED : walk(v)]),
    );
  }
  return value;
}
