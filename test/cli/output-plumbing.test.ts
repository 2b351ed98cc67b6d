import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { writeFileAtomic } from '../../src/snapshot/io.ts';
import { memoryIo } from '../helpers/io.ts';

/** Runs the real binary into `head`, which closes the pipe after a few bytes. */
function intoHead(args: string): { code: number; stderr: string } {
  const bin = resolve('bin/hybridscan.js');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${bin}" ${args} 2>"$ERR_FILE" | head -c 20 >/dev/null; echo \${PIPESTATUS[0]}`,
    ],
    { env: { ...process.env, CI: 'true', ERR_FILE: join(dir, 'stderr.txt') }, encoding: 'utf8' },
  );
  const stderr = spawnSync('cat', [join(dir, 'stderr.txt')], { encoding: 'utf8' }).stdout;
  return { code: Number(r.stdout.trim()), stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'hybridscan-plumbing-'));

describe('a reader that closes the pipe early (EPIPE)', () => {
  it('checks | head: exits 0 without a stack trace', () => {
    const r = intoHead('checks');
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });

  it('demo --format json | head: exits with the scan code without a stack trace', () => {
    const r = intoHead('demo --format json');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
  }, 60_000);
});

async function run(...args: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', ...args], io);
  return { code, err: io.err() };
}

describe('path flags of the wrong kind are usage errors before collecting', () => {
  it('--out naming an existing file', async () => {
    const file = join(dir, 'a-file.txt');
    writeFileSync(file, 'x');
    const r = await run('demo', '--format', 'json', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
    expect(r.err).not.toContain('Demo: scenario'); // nothing was started
  });

  it('--save-snapshot naming a directory', async () => {
    const sub = join(dir, 'a-dir');
    mkdirSync(sub, { recursive: true });
    const r = await run('demo', '--save-snapshot', sub);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--save-snapshot');
  });

  it('collect --out naming a directory', async () => {
    const r = await run('collect', '--config', join(dir, 'none.yaml'), '--out', dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--out');
  });

  it('a path that does not exist yet is fine', async () => {
    const r = await run('demo', '--quiet', '--out', join(dir, 'new', 'reports'));
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('writeFileAtomic', () => {
  it('leaves no temp file behind when the rename fails', () => {
    const target = join(dir, 'occupied');
    mkdirSync(join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomic(target, 'text')).toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
