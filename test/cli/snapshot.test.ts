import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

/** The result without what legitimately differs between two evaluations (timings). */
function comparable(result: ScanResult) {
  return { ...result, durationMs: 0, checks: result.checks.map((c) => ({ ...c, durationMs: 0 })) };
}

describe('snapshot round trip', () => {
  for (const scenario of ['contoso-ready', 'contoso-gcc-high']) {
    it(`evaluating the snapshot of ${scenario} gives the scan's own result`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hybridscan-snap-'));
      const snapFile = join(dir, 'snap.json');
      const scanIo = memoryIo({}, dir);
      const scanCode = await main(
        [
          'node',
          'hybridscan',
          'demo',
          '--scenario',
          scenario,
          '--format',
          'json',
          '--save-snapshot',
          snapFile,
          '--quiet',
        ],
        scanIo,
      );
      const evalIo = memoryIo({}, dir);
      const evalCode = await main(['node', 'hybridscan', 'evaluate', snapFile, '--format', 'json'], evalIo);
      const scanned = JSON.parse(scanIo.out()) as ScanResult;
      const evaluated = JSON.parse(evalIo.out()) as ScanResult;
      expect(evalCode).toBe(scanCode);
      expect(comparable(evaluated)).toEqual(comparable(scanned));

      const snapshot = JSON.parse(readFileSync(snapFile, 'utf8'));
      expect(snapshot).toMatchObject({
        kind: 'hybridscan-snapshot',
        schemaVersion: 1,
        tool: { name: 'hybridscan' },
      });
      expect(snapshot.sources.openid.requests).toBeGreaterThan(0);
    });
  }

  it('rejects a file that is not a snapshot with exit 2', async () => {
    const io = memoryIo();
    expect(await main(['node', 'hybridscan', 'evaluate', 'package.json'], io)).toBe(2);
    expect(io.err()).toContain('not a hybridscan snapshot');
  });

  it('collect writes a snapshot that evaluate reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybridscan-collect-'));
    const io = memoryIo({}, dir);
    expect(
      await main(['node', 'hybridscan', 'collect', '--config', 'nope.yaml', '--out', 'x.json'], io),
    ).toBe(2);
  });
});
