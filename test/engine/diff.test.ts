import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { diffResults } from '../../src/engine/diff.ts';
import { toTarget } from '../../src/engine/target.ts';
import type { ResultFinding, ScanResult, Status } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

function result(verdict: ScanResult['verdict'], checks: [string, Status, ResultFinding[]][]): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0' },
    startedAt: verdict,
    durationMs: 0,
    target: { domains: [] },
    verdict,
    summary: { pass: 0, fail: 0, warn: 0, info: 0, skipped: 0, error: 0 },
    areas: [],
    checks: checks.map(([id, status, findings]) => ({
      id,
      area: 'dns',
      severity: 'fail',
      status,
      title: id,
      message: id,
      findings,
      remediation: { text: '' },
      docs: [],
      durationMs: 0,
    })),
    exceptions: [],
    sources: [],
  };
}

const before = result('ready-with-warnings', [
  ['dns.dmarc', 'warn', [{ target: toTarget('contoso.com', 'domain'), status: 'warn', message: 'p=none' }]],
  ['dns.mx-resolves', 'pass', [{ target: toTarget('contoso.com', 'domain'), status: 'pass', message: 'ok' }]],
  [
    'dns.spf-record',
    'fail',
    [{ target: toTarget('fabrikam.com', 'domain'), status: 'fail', message: 'two records' }],
  ],
]);
const after = result('not-ready', [
  ['dns.dmarc', 'pass', [{ target: toTarget('Contoso.com', 'domain'), status: 'pass', message: 'p=reject' }]],
  [
    'dns.mx-resolves',
    'fail',
    [{ target: toTarget('contoso.com', 'domain'), status: 'fail', message: 'NXDOMAIN' }],
  ],
  ['dns.spf-record', 'pass', []],
]);

describe('diff', () => {
  it('lists what got worse, what got better and which checks changed status', () => {
    const d = diffResults(before, after);
    expect(d.regressed.map((r) => [r.check, r.before, r.after])).toEqual([
      ['dns.mx-resolves', 'pass', 'fail'],
    ]);
    expect(d.improved.map((r) => [r.check, r.before, r.after])).toEqual([
      ['dns.dmarc', 'warn', 'pass'],
      ['dns.spf-record', 'fail', undefined],
    ]);
    expect(d.checks.map((c) => c.id)).toEqual(['dns.dmarc', 'dns.mx-resolves', 'dns.spf-record']);
  });

  it('exits 1 from the CLI when something regressed, 0 otherwise, 2 for a non-result file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybridscan-diff-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(before));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(after));
    const io = memoryIo({}, dir);
    expect(await main(['node', 'hybridscan', 'diff', 'a.json', 'b.json'], io)).toBe(1);
    expect(io.out()).toContain('dns.mx-resolves  contoso.com: pass -> fail');
    expect(await main(['node', 'hybridscan', 'diff', 'b.json', 'b.json'], memoryIo({}, dir))).toBe(0);
    writeFileSync(join(dir, 'c.json'), '{"x":1}');
    expect(await main(['node', 'hybridscan', 'diff', 'a.json', 'c.json'], memoryIo({}, dir))).toBe(2);
  });
});
