import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARTIFACT_KEYS, isArtifactKey } from '../evidence/index.ts';
import { closest } from '../util/closest.ts';
import { importDiscovered, RUNNING_COMPILED } from '../util/discover.ts';
import { UsageError } from '../util/errors.ts';
import { orderByDependencies } from './dependencies.ts';
import { remediationProblem } from './remediation.ts';
import { AREAS, type Check } from './types.ts';

const ID = /^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/;

export interface RegisteredCheck extends Check {
  /** `builtin` or the plugin specifier that supplied it. */
  origin: string;
  /** For a built-in check: the file it came from, `checks/<area>/<name>.ts`. */
  file?: string;
}

let builtins: Promise<RegisteredCheck[]> | undefined;

/** The built-in checks: every `checks/<area>/<id>.ts` default export. */
export function loadBuiltinChecks(): Promise<RegisteredCheck[]> {
  builtins ??= (async () => {
    const out: RegisteredCheck[] = [];
    for (const { file, exports } of await importDiscovered('checks')) {
      if (!exports.default) continue; // helper modules shared by checks of one area
      const check = validate(exports.default as Check, file);
      const folder = file.split(/[\\/]/).at(-2);
      if (folder !== check.area)
        throw new Error(
          `${file}: check ${check.id} of area ${check.area} must live in checks/${check.area}/`,
        );
      out.push({ ...check, origin: 'builtin', file });
    }
    return out;
  })();
  return builtins;
}

/** Built-ins plus the checks of every plugin module, with duplicate ids rejected. */
export async function loadChecks(plugins: readonly string[] = []): Promise<RegisteredCheck[]> {
  const all = [...(await loadBuiltinChecks())];
  for (const spec of plugins) {
    for (const check of await loadPlugin(spec)) all.push({ ...check, origin: spec });
  }
  const seen = new Map<string, string>();
  for (const check of all) {
    const prev = seen.get(check.id);
    if (prev) throw new UsageError(`check id ${check.id} is defined twice (${prev} and ${check.origin})`);
    seen.set(check.id, check.origin);
  }
  for (const check of all) {
    const unknown = (check.dependsOn ?? []).filter((d) => !seen.has(d));
    if (unknown.length) throw new UsageError(`check ${check.id} depends on unknown ${unknown.join(', ')}`);
  }
  orderByDependencies(all); // a cycle is a load error, not a surprise at run time
  return all.sort((a, b) => a.id.localeCompare(b.id));
}

let typeScriptSupport: Promise<void> | undefined;

/**
 * The compiled build runs without tsx; a plugin written in TypeScript, or one importing the
 * `hybridscan` SDK entry (TypeScript sources), needs it, so it is loaded once, only for plugins.
 */
function loadTypeScriptSupport(): Promise<void> {
  if (!RUNNING_COMPILED) return Promise.resolve();
  typeScriptSupport ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return typeScriptSupport;
}

async function loadPlugin(spec: string): Promise<Check[]> {
  let url: string;
  try {
    url = isAbsolute(spec)
      ? pathToFileURL(spec).href
      : pathToFileURL(createRequire(`${process.cwd()}/`).resolve(spec)).href;
  } catch {
    throw new UsageError(`plugins: cannot find module "${spec}"`);
  }
  let mod: { default?: Check | Check[] };
  try {
    await loadTypeScriptSupport();
    mod = await import(url);
  } catch (err) {
    throw new UsageError(`plugins: cannot load "${spec}": ${(err as Error).message}`);
  }
  const exported = mod.default;
  const list = Array.isArray(exported) ? exported : exported ? [exported] : [];
  if (list.length === 0) throw new UsageError(`plugins: "${spec}" has no default export of checks`);
  return list.map((c) => validate(c, spec));
}

function validate(check: Check, where: string): Check {
  const problems: string[] = [];
  if (typeof check?.id !== 'string' || !ID.test(check.id))
    problems.push(`id ${JSON.stringify(check?.id)} is not area.kebab-name`);
  if (!(check?.area in AREAS))
    problems.push(`area ${JSON.stringify(check?.area)} is not one of ${Object.keys(AREAS).join(', ')}`);
  else if (typeof check?.id === 'string' && check.id.split('.')[0] !== check.area)
    problems.push(`area "${check.area}" must be the id's prefix "${check.id.split('.')[0]}"`);
  if (!['fail', 'warn', 'info'].includes(check?.severity))
    problems.push('severity must be fail, warn or info');
  if (typeof check?.run !== 'function') problems.push('run is not a function');
  for (const key of ['title', 'failureTitle', 'description'] as const) {
    if (typeof check?.[key] !== 'string' || !check[key]) problems.push(`${key} is missing`);
  }
  const remediation = remediationProblem(check?.remediation);
  if (remediation) problems.push(remediation);
  if (!Array.isArray(check?.requires)) problems.push('requires must be an array of artifact keys');
  for (const field of ['requires', 'optional'] as const) {
    const keys: unknown = check?.[field];
    if (!Array.isArray(keys)) continue;
    for (const key of keys)
      if (typeof key !== 'string' || !isArtifactKey(key))
        problems.push(`${field}: unknown artifact key ${JSON.stringify(key)}${nearestKey(key)}`);
  }
  for (const key of check?.errorWhenFailed ?? [])
    if (!(check?.optional ?? []).includes(key as never))
      problems.push(`errorWhenFailed: ${JSON.stringify(key)} is not one of the optional artifacts`);
  if (problems.length)
    throw new UsageError(
      `invalid check ${typeof check?.id === 'string' ? `${check.id} ` : ''}in ${where}: ${problems.join('; ')}`,
    );
  return check;
}

function nearestKey(key: unknown): string {
  const hint = typeof key === 'string' ? closest(key, [...ARTIFACT_KEYS]) : undefined;
  return hint ? ` (did you mean "${hint}"?)` : '';
}
