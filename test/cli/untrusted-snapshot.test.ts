import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

let dir: string;
let marker: string;
let plugin: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hybridscan-untrusted-'));
  marker = join(dir, 'plugin-ran');
  plugin = join(dir, 'evil-plugin.mjs');
  // Importing this module is enough to leave the marker: a snapshot must never cause that.
  writeFileSync(
    plugin,
    `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default [];\n`,
  );
});

function snapshotWith(name: string, change: (s: Record<string, unknown>) => void): string {
  const snapshot = JSON.parse(readFileSync(resolve('fixtures/golden', `${name}.snapshot.json`), 'utf8'));
  change(snapshot);
  const file = join(dir, `${name}-changed.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

/**
 * The golden contoso-ready snapshot (2026-12-02) shows SE RTM Feb26SU 15.2.2562.37, six updates
 * behind Sep26SUv2 (data/exchange-builds.json): http.exchange-build-fingerprint fails it. These tests
 * need a snapshot without failures, so the copy shows the newest known build 15.2.2562.53.
 */
function atNewestBuild(s: Record<string, unknown>): void {
  type Probe = { headers?: Record<string, string[]> };
  const artifacts = s.artifacts as { 'http.ews': { data: Record<string, Probe>[] } };
  for (const e of artifacts['http.ews'].data)
    for (const p of Object.values(e))
      if (p?.headers?.['x-owa-version']) p.headers['x-owa-version'] = ['15.2.2562.53'];
}

async function evaluate(...args: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', 'evaluate', ...args, '--format', 'json'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('a snapshot runs no code', () => {
  it('ignores the plugins named in a snapshot, says so, and evaluates the built-in checks', async () => {
    const file = snapshotWith('contoso-ready', (s) => {
      atNewestBuild(s);
      const config = s.config as { plugins: string[]; checks: Record<string, string> };
      config.plugins = [plugin];
      // A setting for one of the plugin's checks must not turn into an "unknown check id" error.
      config.checks = { ...config.checks, 'plugin.evil': 'warn' };
    });
    const r = await evaluate(file);
    expect(existsSync(marker)).toBe(false);
    expect(r.err).toContain('Not loading the plugins named in the snapshot');
    expect(r.code, r.err).toBe(0);
  });

  it('loads a plugin named by an explicit --config, with a notice', async () => {
    const file = snapshotWith('contoso-ready', () => {});
    const config = join(dir, 'trusted.json');
    writeFileSync(config, JSON.stringify({ tenant: 'contoso.onmicrosoft.com', plugins: [plugin] }));
    const r = await evaluate(file, '--config', config);
    expect(r.err).toContain(`Loading plugin ${plugin} from`);
    // The marker plugin exports no checks, which the registry rejects: the import itself happened.
    expect(existsSync(marker)).toBe(true);
  });
});

describe('fail wins over incomplete', () => {
  it('an interrupted snapshot with real failures exits 1 and its verdict stays incomplete', async () => {
    const file = snapshotWith('contoso-gcc-high', (s) => {
      s.incomplete = { reason: 'interrupted by user (Ctrl-C)' };
    });
    const r = await evaluate(file);
    const result = JSON.parse(r.out) as ScanResult;
    expect(result.checks.some((c) => c.status === 'fail')).toBe(true);
    expect(result.verdict).toBe('incomplete');
    expect(r.code).toBe(1);
  });

  it('an interrupted snapshot without failures exits 3', async () => {
    const file = snapshotWith('contoso-ready', (s) => {
      atNewestBuild(s);
      s.incomplete = { reason: 'terminated (SIGTERM)' };
    });
    expect((await evaluate(file)).code).toBe(3);
  });
});

describe('malformed source records', () => {
  it('edge: a source record that is null or has no status is refused (exit 2), not an internal error', async () => {
    for (const bad of [null, 'ok', { requests: 1 }])
      for (const sources of [{ dns: bad }, 'ok']) {
        const file = snapshotWith('contoso-ready', (s) => {
          s.sources = typeof sources === 'string' ? sources : { ...(s.sources as object), ...sources };
        });
        const r = await evaluate(file);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/edited or truncated snapshot/);
        expect(r.err).not.toContain('internal error');
      }
  });
});
