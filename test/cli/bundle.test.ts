import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadChecks } from '../../src/engine/registry.ts';
import { loadCollectors } from '../../src/sources/registry.ts';
import { DISCOVERIES, type DiscoveryName, discoveredFiles } from '../../src/util/discover.ts';
import { TOOL_VERSION } from '../../src/version.ts';
import { memoryIo } from '../helpers/io.ts';

// The bundle as `npm run build` makes it, built here into a folder of its own inside the work tree
// (.tmp/, ignored), where its few external packages resolve from node_modules/ as they do from dist/.
let dist = '';

beforeAll(() => {
  mkdirSync(resolve('.tmp'), { recursive: true });
  dist = mkdtempSync(resolve('.tmp', 'bundle-'));
  execFileSync(process.execPath, ['scripts/build.js', '--out', dist], { stdio: 'pipe' });
  writeFileSync(
    join(dist, 'hybridscan.js'),
    "const { main } = await import('./bundle/main.js');\nprocess.exitCode = await main(process.argv);\n",
  );
}, 120_000);

afterAll(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** What esbuild reports of the build: each input's imports, each output's inputs. */
function metafile() {
  return JSON.parse(readFileSync(join(dist, 'bundle/metafile.json'), 'utf8')) as {
    inputs: Record<string, { imports: { path: string }[] }>;
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
}

/** The bundle's main() with these arguments, called as bin/hybridscan.js calls it. */
function cli(args: string[], cwd = process.cwd()) {
  return spawnSync(process.execPath, [join(dist, 'hybridscan.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    timeout: 60_000,
  });
}

describe('the bundle (scripts/build.js)', () => {
  it('carries exactly the modules discovery finds on disk, for every kind', () => {
    const meta = metafile();
    for (const name of Object.keys(DISCOVERIES) as DiscoveryName[]) {
      const files = discoveredFiles(name);
      expect(files.length, name).toBeGreaterThan(0);
      const list = meta.inputs[`hybridscan-discovered:${name}`];
      expect(list?.imports.map((i) => i.path).sort(), name).toEqual([...files].sort());
    }
  });

  it('shakes zod: of its locales only the English one is in the bundle', () => {
    const bundled = Object.values(metafile().outputs).flatMap((o) =>
      Object.entries(o.inputs).flatMap(([file, i]) => (i.bytesInOutput > 0 ? [file] : [])),
    );
    const locales = bundled.filter((f) => /node_modules\/zod\/.*\/locales\/[\w-]+\.js$/.test(f));
    expect(locales.map((l) => l.split('/').at(-1))).toEqual(['en.js']);
  });

  it('prints the version from package.json', () => {
    const r = cli(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(TOOL_VERSION);
  });

  it('lists every check the sources have, and loads plugins from disk, JavaScript and TypeScript', async () => {
    writeFileSync(
      join(dist, 'plugin.ts'),
      `const id: string = 'plugin.typed';\nexport default { id, area: 'plugin', severity: 'info', title: 'Typed', failureTitle: 'Typed', description: 'A TypeScript plugin.', remediation: 'None.', docs: [], requires: [], permissions: {}, run: () => [] };\n`,
    );
    writeFileSync(
      join(dist, 'hybridscan.json'),
      JSON.stringify({
        tenant: 'contoso.onmicrosoft.com',
        plugins: [resolve('fixtures/plugins/acme-checks.mjs'), './plugin.ts'],
      }),
    );
    const builtin = (await loadChecks()).map((c) => c.id).sort();
    const r = cli(['checks', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((c) => c.id).sort()).toEqual(builtin);
    const withPlugins = cli(['checks', '--json', '--config', 'hybridscan.json'], dist);
    expect(withPlugins.status, withPlugins.stderr).toBe(0);
    expect((JSON.parse(withPlugins.stdout) as { id: string }[]).map((c) => c.id).sort()).toEqual(
      [...builtin, 'plugin.tenant-name-policy', 'plugin.typed'].sort(),
    );
  });

  it('runs the demo (every simulated service, every source) and writes the HTML report', async () => {
    const r = cli(['demo', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { verdict: string; sources: { id: string; status: string }[] };
    expect(result.verdict).toBe('ready');
    expect(result.sources.map((s) => s.id).sort()).toEqual((await loadCollectors()).map((c) => c.id).sort());
    const html = cli(['demo', '--format', 'html', '--quiet', '--out', join(dist, 'report')]);
    expect(html.status, html.stderr).toBe(0);
    expect(readFileSync(join(dist, 'report/hybridscan.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });

  it('rejects a bad config with the messages the sources give (zod without its locales)', async () => {
    const file = join(dist, 'bad.yaml');
    writeFileSync(
      file,
      'tenant: 5\ndomains: [1]\nldap:\n  url: nope\n  timeoutMs: -1\n  port: x\ngraph:\n  clientId: 7\nunknownKey: 1\n',
    );
    const io = memoryIo();
    const code = await main(['node', 'hybridscan', 'scan', '--config', file], io);
    const r = cli(['scan', '--config', file]);
    expect(code).toBe(2);
    expect(io.err()).toContain('ldap.timeoutMs');
    expect({ status: r.status, stderr: r.stderr, stdout: r.stdout }).toEqual({
      status: code,
      stderr: io.err(),
      stdout: io.out(),
    });
  });

  it('prints the permissions the checks need', () => {
    const r = cli(['permissions'], dist);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('User.Read.All');
  });
});
