import type { LoadedConfig } from '../config/load.ts';
import type { RegisteredCheck } from '../engine/registry.ts';
import { normalizeSetting, parseOptions } from '../engine/runner.ts';
import { ConfigError } from '../util/errors.ts';

/** Check ids and options in the config must name real checks: a typo must not silently do nothing. */
export function validateCheckSettings(loaded: LoadedConfig, checks: readonly RegisteredCheck[]): void {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const problems: { path: string; message: string }[] = [];
  for (const [id, value] of Object.entries(loaded.config.checks)) {
    const check = byId.get(id);
    if (!check) {
      problems.push({ path: `checks.${id}`, message: `unknown check id${suggest(id, [...byId.keys()])}` });
      continue;
    }
    try {
      parseOptions(check, normalizeSetting(value).options);
    } catch (err) {
      problems.push(splitPath(`checks.${id}.options`, (err as Error).message));
    }
  }
  loaded.config.exceptions.forEach((e, i) => {
    if (!byId.has(e.check))
      problems.push({
        path: `exceptions[${i}].check`,
        message: `unknown check id "${e.check}"${suggest(e.check, [...byId.keys()])}`,
      });
  });
  if (problems.length) throw new ConfigError(loaded.source, problems);
}

function suggest(id: string, ids: string[]): string {
  const area = id.split('.')[0];
  const same = ids.filter((i) => i.startsWith(`${area}.`));
  return same.length ? ` (checks in area ${area}: ${same.join(', ')})` : '';
}

/** parseOptions' message already starts with the full key path: print it once, as the path. */
function splitPath(path: string, message: string): { path: string; message: string } {
  const at = message.indexOf(': ');
  return message.startsWith(path) && at > 0
    ? { path: message.slice(0, at).replace(/\.$/, ''), message: message.slice(at + 2) }
    : { path, message };
}
