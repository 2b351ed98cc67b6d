import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { applyBaseline } from '../../src/engine/baseline.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

const GOLDEN = 'fixtures/golden';
const dir = mkdtempSync(join(tmpdir(), 'hybridscan-baseline-'));

async function evaluate(scenario: string, ...flags: string[]) {
  const io = memoryIo();
  const code = await main(
    ['node', 'hybridscan', 'evaluate', `${GOLDEN}/${scenario}.snapshot.json`, '--quiet', ...flags],
    io,
  );
  return { code, io };
}

let ready: string;
let broken: string;

beforeAll(async () => {
  for (const [name, scenario] of [
    ['ready', 'contoso-ready'],
    ['broken', 'dns-autodiscover-cloud'],
  ] as const) {
    const { io } = await evaluate(scenario, '--format', 'json');
    writeFileSync(join(dir, `${name}.json`), io.out());
  }
  ready = join(dir, 'ready.json');
  broken = join(dir, 'broken.json');
});

function finding(id: string, status: ScanResult['checks'][number]['findings'][number]['status']) {
  return { target: { kind: 'domain' as const, id, label: id }, status, message: `${id} ${status}` };
}

function result(checks: [string, ScanResult['checks'][number]['status'], ReturnType<typeof finding>[]][]) {
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: 't' },
    startedAt: '2026-12-01T00:00:00Z',
    target: { tenant: 'contoso.onmicrosoft.com', domains: [] },
    verdict: 'ready',
    checks: checks.map(([id, status, findings]) => ({ id, status, findings, message: id })),
  } as unknown as ScanResult;
}

describe('applyBaseline', () => {
  it('marks new, changed, unchanged and fixed, and lists fixed findings that are gone', () => {
    const before = result([
      ['dns.a', 'fail', [finding('x.com', 'fail'), finding('y.com', 'warn')]],
      ['dns.b', 'warn', [finding('z.com', 'warn'), finding('gone.com', 'fail')]],
      ['dns.c', 'error', []],
      ['dns.d', 'fail', [finding('skipped-now.com', 'fail')]],
    ]);
    const after = result([
      ['dns.a', 'fail', [finding('x.com', 'fail'), finding('y.com', 'fail')]],
      ['dns.b', 'fail', [finding('z.com', 'pass'), finding('new.com', 'fail')]],
      ['dns.c', 'error', []],
      ['dns.d', 'skipped', []],
      ['dns.e', 'error', []],
    ]);
    const marked = applyBaseline(after, before, 'prev.json');
    const states = marked.checks.flatMap((c) => c.findings.map((f) => `${f.target.id}=${f.baselineState}`));
    expect(states).toEqual(['x.com=unchanged', 'y.com=changed', 'z.com=fixed', 'new.com=new']);
    expect(marked.checks.find((c) => c.id === 'dns.c')?.baselineState).toBe('unchanged');
    expect(marked.checks.find((c) => c.id === 'dns.e')?.baselineState).toBe('new');
    expect(marked.baseline).toMatchObject({
      new: 2,
      changed: 1,
      unchanged: 2,
      fixed: 2,
      newFailures: 2,
      newErrors: 1,
    });
    expect(marked.baseline?.fixedFindings.map((f) => f.target.id).sort()).toEqual(['gone.com', 'z.com']);
  });

  it('edge: a reworded label is the same finding; an old result with string targets still compares', () => {
    const before = result([['dns.a', 'fail', [finding('x.com', 'fail')]]]);
    const after = result([
      [
        'dns.a',
        'fail',
        [
          {
            ...finding('x.com', 'fail'),
            target: { kind: 'domain', id: 'x.com', label: 'X.COM (renamed)' },
          },
        ],
      ],
    ]);
    expect(applyBaseline(after, before, 'p').checks[0]!.findings[0]!.baselineState).toBe('unchanged');
    const legacy = result([['dns.a', 'fail', [{ ...finding('x.com', 'fail'), target: 'X.com' as never }]]]);
    expect(applyBaseline(after, legacy, 'p').baseline).toMatchObject({ unchanged: 1, new: 0 });
  });
});

describe('scan/evaluate --baseline', () => {
  it('marks findings in JSON, console, SARIF, HTML, Markdown and JUnit', async () => {
    const out = join(dir, 'out');
    const { code, io } = await evaluate(
      'dns-autodiscover-cloud',
      '--baseline',
      ready,
      '--format',
      'console,json,sarif,html,md,junit',
      '--out',
      out,
    );
    expect(code, io.err()).toBe(1);
    const json = JSON.parse(readFileSync(join(out, 'hybridscan.json'), 'utf8')) as ScanResult;
    expect(json.baseline).toMatchObject({ file: ready, unchanged: expect.any(Number) });
    expect(json.baseline!.new).toBeGreaterThan(0);
    const marked = json.checks.flatMap((c) => c.findings).filter((f) => f.baselineState === 'new');
    expect(marked.length).toBeGreaterThan(0);
    const text = readFileSync(join(out, 'hybridscan.txt'), 'utf8');
    expect(text).toMatch(/Since the baseline .*: \d+ new, \d+ fixed, \d+ unchanged/s);
    expect(text).toContain(' NEW');
    const sarif = JSON.parse(readFileSync(join(out, 'hybridscan.sarif'), 'utf8'));
    const states = new Set(sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState));
    expect(states.has('new')).toBe(true);
    expect(sarif.runs[0].properties.baseline.new).toBe(json.baseline!.new);
    expect(readFileSync(join(out, 'hybridscan.html'), 'utf8')).toContain('class="b since-new"');
    expect(readFileSync(join(out, 'hybridscan.md'), 'utf8')).toMatch(/\| fail NEW \|/);
    expect(readFileSync(join(out, 'hybridscan.junit.xml'), 'utf8')).toContain('[fail, new]');
  });

  it('--fail-on new: exit 1 only for new fails; the same fails again are exit 0', async () => {
    expect((await evaluate('dns-autodiscover-cloud', '--baseline', ready, '--fail-on', 'new')).code).toBe(1);
    const again = await evaluate('dns-autodiscover-cloud', '--baseline', broken, '--fail-on', 'new');
    expect(again.code, again.io.err()).toBe(0);
    // Without --fail-on new the contract's thresholds are unchanged.
    expect((await evaluate('dns-autodiscover-cloud', '--baseline', broken)).code).toBe(1);
    const fixed = await evaluate(
      'contoso-ready',
      '--baseline',
      broken,
      '--fail-on',
      'new',
      '--format',
      'json',
    );
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.io.out()).baseline.fixed).toBeGreaterThan(0);
  });

  it('edge: a file that is not a result, another tenant, or --fail-on new without a baseline is exit 2', async () => {
    const notResult = await evaluate('contoso-ready', '--baseline', `${GOLDEN}/contoso-ready.snapshot.json`);
    expect(notResult.code).toBe(2);
    expect(notResult.io.err()).toMatch(/not a hybridscan JSON result/);
    const other = JSON.parse(readFileSync(ready, 'utf8'));
    other.target.tenant = 'fabrikam.onmicrosoft.com';
    if (other.target.tenantId) other.target.tenantId = '11111111-2222-4333-8444-555555555555';
    const otherFile = join(dir, 'fabrikam.json');
    writeFileSync(otherFile, JSON.stringify(other));
    const foreign = await evaluate('contoso-ready', '--baseline', otherFile);
    expect(foreign.code).toBe(2);
    expect(foreign.io.err()).toMatch(/tenant fabrikam.onmicrosoft.com, not contoso.onmicrosoft.com/);
    const missing = await evaluate('contoso-ready', '--fail-on', 'new');
    expect(missing.code).toBe(2);
    expect(missing.io.err()).toMatch(/--baseline/);
  });
});
