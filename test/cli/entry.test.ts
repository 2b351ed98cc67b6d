import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_STAMP, BUNDLE_MAIN, chooseEntry } from '../../bin/entry.js';
import { loadChecks } from '../../src/engine/registry.ts';
import { modulePattern } from '../../src/util/discover.ts';

const T0 = new Date('2026-01-01T00:00:00Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);

function tree(files: Record<string, Date>): string {
  const root = mkdtempSync(join(tmpdir(), 'hybridscan-entry-'));
  for (const file of Object.keys(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  // Writing a file touches its folder: every folder is set back to T0, then each file to its time.
  for (const file of Object.keys(files))
    for (let d = dirname(file); d !== '.'; d = dirname(d)) utimesSync(join(root, d), T0, T0);
  for (const [file, at] of Object.entries(files)) utimesSync(join(root, file), at, at);
  return root;
}

describe('bin/hybridscan.js picks the bundle only when it is up to date', () => {
  const built = {
    'src/cli/main.ts': T0,
    'checks/dns/mx.ts': T0,
    'package.json': T0,
    [BUNDLE_MAIN]: later(5),
    [BUILD_STAMP]: later(1),
  };

  it('dist/ built after the last source change: dist', () => {
    expect(chooseEntry(tree(built), {})).toEqual({ entry: 'dist' });
  });

  it('a source, data file, package.json or the build script changed after the build: tsx, saying why', () => {
    for (const changed of [
      'src/cli/main.ts',
      'checks/dns/mx.ts',
      'data/builds.json',
      'package.json',
      'scripts/build.js',
    ]) {
      const root = tree({ ...built, [changed]: later(2) });
      expect(chooseEntry(root, {}), changed).toEqual({
        entry: 'tsx',
        reason: 'dist/ is older than the sources',
      });
    }
  });

  it('a source deleted after the build (its folder changed): tsx', () => {
    const root = tree({ ...built, 'checks/dns/old.ts': T0 });
    rmSync(join(root, 'checks/dns/old.ts'));
    utimesSync(join(root, 'checks/dns'), later(3), later(3));
    expect(chooseEntry(root, {}).entry).toBe('tsx');
  });

  it('no build, a build without its stamp (failed half-way), or HYBRIDSCAN_FROM_SOURCE=1: tsx', () => {
    const { [BUILD_STAMP]: _stamp, ...unstamped } = built;
    const { [BUNDLE_MAIN]: _main, ...noBundle } = built;
    expect(chooseEntry(tree(noBundle), {})).toEqual({ entry: 'tsx', reason: 'no compiled build in dist/' });
    expect(chooseEntry(tree({ 'src/cli/main.ts': T0 }), {})).toEqual({
      entry: 'tsx',
      reason: 'no compiled build in dist/',
    });
    expect(chooseEntry(tree(unstamped), {}).entry).toBe('tsx');
    expect(chooseEntry(tree(built), { HYBRIDSCAN_FROM_SOURCE: '1' })).toEqual({
      entry: 'tsx',
      reason: 'HYBRIDSCAN_FROM_SOURCE=1',
    });
  });
});

describe('discovery by file name', () => {
  it('finds TypeScript modules, never declarations, tests or JavaScript', () => {
    const p = modulePattern('collector');
    expect(p.test('collector.ts')).toBe(true);
    expect(p.test('collector.js')).toBe(false);
    expect(p.test('collector.d.ts')).toBe(false);
    expect(modulePattern('[a-z0-9.-]+').test('mx.test.ts')).toBe(false);
    expect(modulePattern('[a-z0-9.-]+').test('spf.d.ts')).toBe(false);
  });

  const fresh = chooseEntry(process.cwd(), {}).entry === 'dist';
  // CI builds dist/ in `npm ci` (prepare); a developer's edited tree may be ahead of its build.
  it.skipIf(!fresh)(
    'the bundle in dist/ lists every check the sources have',
    { timeout: 30_000 },
    async () => {
      const out = execFileSync(process.execPath, ['bin/hybridscan.js', 'checks', '--json'], {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
      const listed = (JSON.parse(out) as { id: string }[]).map((c) => c.id).sort();
      expect(listed).toEqual((await loadChecks()).map((c) => c.id).sort());
    },
  );
});
