import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'hybridscan-verbose-'));

/** A snapshot that passes loading but breaks evaluation: an internal error, not a usage error. */
function brokenSnapshot(): string {
  const snapshot = JSON.parse(readFileSync(resolve('fixtures/golden/contoso-ready.snapshot.json'), 'utf8'));
  snapshot.sources.graph = null;
  const file = join(dir, 'broken.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

async function evaluate(...flags: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', 'evaluate', brokenSnapshot(), '--quiet', ...flags], io);
  return { code, err: io.err() };
}

describe('--verbose and stack traces', () => {
  it('an internal error names its cause without a stack trace by default', async () => {
    const r = await evaluate();
    expect(r.code).toBe(2);
    expect(r.err).toContain('internal error');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--verbose adds the stack trace', async () => {
    const r = await evaluate('--verbose');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });
});
