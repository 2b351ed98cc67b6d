import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The extension of this build's own modules: `.ts` when the sources run through tsx or Vitest,
 * `.js` when the compiled build in dist/ runs. Discovery by file name looks for that one.
 */
const MODULE_EXT = extname(fileURLToPath(import.meta.url));

/** Module files named `stem` (a regexp source) with this build's extension; never `.d.ts` or tests. */
export function modulePattern(stem: string): RegExp {
  return new RegExp(`^(?!.*\\.(?:d|test)\\.[jt]s$)${stem}\\${MODULE_EXT}$`);
}

/** True when running the compiled build (dist/), where TypeScript plugins need tsx loaded first. */
export const RUNNING_COMPILED = MODULE_EXT === '.js';

/** Files under `dir` (recursively) whose names match `pattern`, sorted for a stable order. */
export function findFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (pattern.test(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Imports each module and returns its default export, flattened when it is an array. */
export async function importDefaults<T>(files: string[]): Promise<{ file: string; value: T }[]> {
  const out: { file: string; value: T }[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: T | T[] };
    const values = Array.isArray(mod.default) ? mod.default : mod.default === undefined ? [] : [mod.default];
    for (const value of values) out.push({ file, value });
  }
  return out;
}
