import { describe, expect, it } from 'vitest';
import { nextStep, renderConsole } from '../../reports/console.ts';
import { main } from '../../src/cli/main.ts';
import { toTarget } from '../../src/engine/target.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

function result(target: string, evidence: Record<string, unknown>): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0.0.0' },
    startedAt: '2026-11-25T00:00:00Z',
    durationMs: 5,
    target: { tenant: 'contoso.onmicrosoft.com', domains: [] },
    verdict: 'not-ready',
    summary: { pass: 0, fail: 1, warn: 0, info: 0, skipped: 0, error: 0 },
    areas: [
      {
        id: 'sync',
        title: 'Directory synchronisation',
        verdict: 'not-ready',
        summary: { pass: 0, fail: 1, warn: 0, info: 0, skipped: 0, error: 0 },
      },
    ],
    checks: [
      {
        id: 'sync.provisioning-errors',
        area: 'sync',
        severity: 'fail',
        status: 'fail',
        title: 't',
        message: 'Objects with provisioning errors',
        findings: [{ target: toTarget(target, 'user'), status: 'fail', message: 'conflict', evidence }],
        remediation: { text: 'Fix the conflicting proxy address.' },
        docs: ['https://learn.microsoft.com/x'],
        durationMs: 1,
      },
    ],
    exceptions: [],
    sources: [{ id: 'graph', status: 'ok', requests: 3 }],
  };
}

describe('console report', () => {
  it('renders environment strings inert: ANSI escapes and control characters are shown, not acted on', () => {
    const text = renderConsole(
      result('evil\u001b[2J\u001b]0;pwned\u0007@contoso.com', { displayName: '<script>\r\u001b[31mred' }),
      { color: false },
    );
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\r');
    expect(text).toContain('\\u001b[2J');
  });

  it('shows the verdict, the failing finding with its evidence and remediation, without colour when asked', () => {
    const text = renderConsole(result('bob@contoso.com', { value: 'smtp:sales@contoso.com' }), {
      color: false,
    });
    expect(text).toContain('NOT READY');
    expect(text).toContain('bob@contoso.com');
    expect(text).toContain('smtp:sales@contoso.com');
    expect(text).toContain('fix: Fix the conflicting proxy address.');
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('shows the stack of a check that threw only when verbose', () => {
    const r = result('x', {});
    r.checks[0] = {
      ...r.checks[0]!,
      status: 'error',
      findings: [],
      reason: 'kaboom',
      stack: 'Error: kaboom\n    at run (checks/sync/boom.ts:3:9)\u001b[2J',
    };
    expect(renderConsole(r, { color: false })).not.toContain('checks/sync/boom.ts');
    const verbose = renderConsole(r, { color: false, verbose: true });
    expect(verbose).toContain('at run (checks/sync/boom.ts:3:9)');
    expect(verbose).not.toContain('\u001b');
  });

  it('uses colour only when asked', () => {
    expect(renderConsole(result('x', {}), { color: true })).toMatch(/\u001b\[31m/);
  });
});

/** The gcc-high golden snapshot judged offline: 3 fails, 17 errors from one failed sign-in, 1 warning. */
let judged: ScanResult | undefined;
async function gccHigh(): Promise<ScanResult> {
  if (judged) return structuredClone(judged);
  const io = memoryIo();
  const code = await main(
    ['node', 'hybridscan', 'evaluate', 'fixtures/golden/contoso-gcc-high.snapshot.json', '--format', 'json'],
    io,
  );
  expect(code).toBe(1);
  judged = JSON.parse(io.out()) as ScanResult;
  return structuredClone(judged);
}

/** Visible width measured independently of the renderer: ANSI stripped, one column per code point. */
const widest = (text: string) =>
  Math.max(...text.split('\n').map((l) => [...l.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')].length));

describe('console report layout', () => {
  it('fits the terminal: no line wider than 80 or 60 columns, coloured or not', async () => {
    const r = await gccHigh();
    for (const columns of [80, 60])
      for (const color of [false, true]) {
        const text = renderConsole(r, { color, columns });
        expect(widest(text), `${columns} columns, color ${color}`).toBeLessThanOrEqual(columns);
        expect(text).toContain('tenant.global-cloud');
      }
  });

  it('keeps hostile long values inside the width too (one unbroken 500-character token)', () => {
    const r = result('x'.repeat(300), { blob: 'y'.repeat(500), nested: { a: ['z'.repeat(200)] } });
    r.checks[0]!.remediation = { text: 'Fix it.', powershell: [`Set-Thing ${'q'.repeat(200)}`] };
    for (const columns of [80, 60, 140]) {
      const text = renderConsole(r, { color: true, columns });
      expect(widest(text)).toBeLessThanOrEqual(columns);
      expect(text).toContain('qqqq');
    }
  });

  it('uses the bordered tables only where they fit', async () => {
    const r = await gccHigh();
    expect(renderConsole(r, { color: false, columns: 80 })).not.toContain('┌');
    const wide = renderConsole(r, { color: false, columns: 160 });
    expect(wide).toContain('┌');
    expect(widest(wide)).toBeLessThanOrEqual(160);
  });

  it('lists fails first, then errors, then warnings', async () => {
    const r = await gccHigh();
    // One warning placed first in the list: the report must still order it after fails and errors.
    const passing = r.checks.find((c) => c.status === 'pass')!;
    passing.status = 'warn';
    passing.findings = passing.findings.map((f) => ({ ...f, status: 'warn' }));
    r.checks = [passing, ...r.checks.filter((c) => c !== passing)];
    const text = renderConsole(r, { color: false, columns: 80 });
    const firstOf = (tag: string) => text.split('\n').findIndex((l) => l.startsWith(tag));
    expect(firstOf('FAIL ')).toBeGreaterThan(0);
    expect(firstOf('FAIL ')).toBeLessThan(firstOf('ERROR '));
    expect(firstOf('ERROR ')).toBeLessThan(firstOf('WARN '));
    // the last fail comes before the first error
    const lastFail = text.split('\n').findLastIndex((l) => l.startsWith('FAIL '));
    expect(lastFail).toBeLessThan(firstOf('ERROR '));
  });

  it('collapses the checks that errored for one cause into one block naming every check', async () => {
    const r = await gccHigh();
    const text = renderConsole(r, { color: false, columns: 80 });
    const errored = r.checks.filter((c) => c.status === 'error').map((c) => c.id);
    expect(errored.length).toBe(17);
    expect(text.split('\n').filter((l) => l.startsWith('ERROR '))).toHaveLength(1);
    expect(text).toContain('ERROR 17 checks could not run: Sign-in failed (AADSTS90002)');
    const flat = text.replace(/\n\s+/g, ' ');
    for (const id of errored) expect(flat).toContain(id);
    expect(flat).toContain('not collected: graph.archiveApp');
  });

  it('keeps errors with different causes apart', () => {
    const r = result('x', {});
    const base = { ...r.checks[0]!, status: 'error' as const, findings: [] };
    r.checks = [
      { ...base, id: 'sync.one', message: 'Could not collect graph.users', reason: 'graph.users: HTTP 403' },
      { ...base, id: 'sync.two', message: 'Could not collect ldap.users', reason: 'ldap.users: timeout' },
    ];
    const text = renderConsole(r, { color: false, columns: 80 });
    expect(text.split('\n').filter((l) => l.startsWith('ERROR '))).toHaveLength(2);
    expect(text).not.toContain('checks could not run');
  });

  it('ends with the next step, naming the first failing check', async () => {
    const r = await gccHigh();
    const text = renderConsole(r, { color: false, columns: 80 });
    const fails = r.checks.filter((c) => c.status === 'fail');
    const tail = text.trimEnd().slice(text.trimEnd().lastIndexOf('Next: ')).replace(/\s+/g, ' ');
    expect(tail).toBe(`Next: ${fails.length} fails — run \`hybridscan explain ${fails[0]!.id}\` for the fix`);
    // The golden GCC High snapshot was re-collected at Sep26SUv2 (2997716): its build fingerprint
    // passes, so the first fail is the tenant's cloud.
    expect(fails[0]!.id).toBe('tenant.global-cloud');
    expect(nextStep(result('x', {}))).toBe(
      '1 fail — run `hybridscan explain sync.provisioning-errors` for the fix',
    );
  });
});
