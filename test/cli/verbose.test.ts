import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'hybridscan-verbose-'));

/**
 * An internal error, not a usage error: the report cannot be written because stdout fails. (A
 * snapshot with a null source record used to be the trigger; loading refuses it now, exit 2.)
 */
async function evaluate(...flags: string[]) {
  const io = memoryIo({}, dir);
  io.stdout.write = () => {
    throw new Error('EIO: i/o error, write');
  };
  const snapshot = resolve('fixtures/golden/contoso-ready.snapshot.json');
  const code = await main(['node', 'hybridscan', 'evaluate', snapshot, '--format', 'json', ...flags], io);
  return { code, err: io.err() };
}

describe('--verbose and stack traces', () => {
  it('an internal error names its cause without a stack trace by default', async () => {
    const r = await evaluate();
    expect(r.code).toBe(2);
    expect(r.err).toContain('internal error: EIO');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('--verbose adds the stack trace', async () => {
    const r = await evaluate('--verbose');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\n\s+at /);
  });
});
