import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../reports/console.ts';
import { toTarget } from '../../src/engine/target.ts';
import type { ScanResult } from '../../src/engine/types.ts';

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
