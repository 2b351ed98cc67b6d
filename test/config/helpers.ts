import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/util/errors.ts';

/** Writes a config file into a fresh temp folder and returns its path. */
export function tempConfig(text: string | Buffer, name = 'hybridscan.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-config-'));
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
