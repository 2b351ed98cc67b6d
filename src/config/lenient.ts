import { dirname, resolve } from 'node:path';
import { ConfigError } from '../util/errors.ts';
import { ENV_REF } from './interpolate.ts';
import { type LoadedConfig, parseConfig } from './load.ts';
import { readConfigDocument } from './read.ts';
import { literalSecrets } from './rules.ts';

/**
 * Loads a config for commands that only read what it asks for (`permissions`): an unset
 * `${NAME}` stays as the literal reference instead of being an error, so an administrator learns
 * what to grant before the secret exists. Nothing is contacted and no secret is needed; the
 * schema still applies, and so does the rule that secrets are never written into the file.
 * Returns the names that were not set, for the command to mention.
 */
export function loadConfigLenient(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): { loaded: LoadedConfig; unset: string[] } {
  const raw = readConfigDocument(file) ?? {};
  const secrets = literalSecrets(raw);
  if (secrets.length > 0) throw new ConfigError(file, secrets);
  const unset = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(ENV_REF)) if (m[1] && env[m[1]] === undefined) unset.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(raw);
  // An unset reference resolves to itself: replace() makes one pass, so it is not read again.
  const lenientEnv = { ...env, ...Object.fromEntries([...unset].map((n) => [n, `\${${n}}`])) };
  return { loaded: parseConfig(raw, file, dirname(resolve(file)), lenientEnv), unset: [...unset].sort() };
}
