import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLED } from './bundled.ts';

/**
 * Modules found by file name, so that adding a check, a source or a simulated service edits no
 * shared list: each kind's folder (relative to the package root) and file-name stem (a regexp
 * source). The sources (tsx, Vitest) look on disk each run; the bundle in dist/ carries the list
 * scripts/build.js found there when it was built (src/util/bundled.ts).
 */
export const DISCOVERIES = {
  /** `checks/<area>/<id>.ts`; the registry skips helper modules, which have no default export. */
  checks: { dir: 'checks', stem: '[a-z0-9.-]+' },
  /** Each source folder's `collector.ts`. */
  collectors: { dir: 'src/sources', stem: 'collector' },
  /** The simulated services `hybridscan demo` starts. */
  simulatorServers: { dir: 'src/simulator/servers', stem: '.+' },
} as const;

export type DiscoveryName = keyof typeof DISCOVERIES;

/** The package root; in the bundle too, whose modules keep their source file's import.meta.url. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** True when running the bundle (dist/), where TypeScript plugins need tsx loaded first. */
export const RUNNING_COMPILED = BUNDLED !== undefined;

/** TypeScript module files named `stem` (a regexp source); never `.d.ts` or tests. */
export function modulePattern(stem: string): RegExp {
  return new RegExp(`^(?!.*\\.(?:d|test)\\.ts$)${stem}\\.ts$`);
}

/** The files of one kind on disk, relative to the package root and `/`-separated, in a stable order. */
export function discoveredFiles(name: DiscoveryName): string[] {
  const { dir, stem } = DISCOVERIES[name];
  const pattern = modulePattern(stem);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d).sort()) {
      const full = join(d, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (pattern.test(entry)) out.push(relative(ROOT, full).split(sep).join('/'));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** A discovered module: its source file (absolute) and its exports. */
interface Discovered {
  file: string;
  exports: { default?: unknown };
}

/** Every module of one kind, imported one after the other in file order. */
export async function importDiscovered(name: DiscoveryName): Promise<Discovered[]> {
  if (BUNDLED) return (await BUNDLED[name]()).map(([file, exports]) => ({ file: join(ROOT, file), exports }));
  const out: Discovered[] = [];
  for (const file of discoveredFiles(name)) {
    const full = join(ROOT, file);
    out.push({ file: full, exports: await import(pathToFileURL(full).href) });
  }
  return out;
}

/** The default export of every module of one kind, flattened when it is an array. */
export async function importDefaults<T>(name: DiscoveryName): Promise<{ file: string; value: T }[]> {
  return (await importDiscovered(name)).flatMap(({ file, exports }) => {
    const d = exports.default as T | T[] | undefined;
    return (Array.isArray(d) ? d : d === undefined ? [] : [d]).map((value) => ({ file, value }));
  });
}
