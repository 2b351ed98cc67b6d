import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { ConfigError } from '../../src/util/errors.ts';

// One root per test file, removed when the file's tests end: the property tier writes thousands.
let root: string | undefined;
let count = 0;
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** Writes a config file into a fresh temp folder and returns its path. */
export function tempConfig(text: string | Buffer, name = 'hybridscan.yaml'): string {
  root ??= mkdtempSync(join(tmpdir(), 'hybridscan-config-'));
  const dir = join(root, String(count++));
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The problems of the ConfigError a call throws (fails the test if it throws anything else or nothing). */
export function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** The problems as `path: message` lines, for compact assertions. */
export function linesOf(fn: () => unknown): string[] {
  return problemsOf(fn).map((p) => `${p.path}: ${p.message}`);
}
