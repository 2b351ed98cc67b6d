import { describe, expect, it } from 'vitest';
import { diffResults } from '../../src/engine/diff.ts';
import { ExceptionBook } from '../../src/engine/exceptions.ts';
import type { RegisteredCheck } from '../../src/engine/registry.ts';
import { loadBuiltinChecks } from '../../src/engine/registry.ts';
import { runChecks } from '../../src/engine/runner.ts';
import { toTarget } from '../../src/engine/target.ts';
import type { Check, CheckResult, Finding, ScanResult } from '../../src/engine/types.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';

const snapshot: Pick<Snapshot, 'artifacts' | 'sources' | 'finishedAt'> = {
  artifacts: { 'openid.tenants': { status: 'ok', data: {} } },
  sources: { openid: { status: 'ok', requests: 1, requestsByEndpoint: {}, durationMs: 1 } },
  finishedAt: '2026-11-25T10:00:00Z',
};

function check(findings: Finding[], extra: Partial<Check> = {}): RegisteredCheck {
  return {
    id: 'app.creds',
    area: 'app',
    severity: 'fail',
    title: 'ok',
    failureTitle: 'bad',
    description: 'd',
    remediation: 'r',
    docs: [],
    requires: ['openid.tenants'],
    permissions: {},
    run: () => findings,
    origin: 'test',
    ...extra,
  } as RegisteredCheck;
}

const scan = (c: RegisteredCheck, book?: ExceptionBook): CheckResult =>
  runChecks([c], { snapshot, settings: { domains: [] }, exceptions: book })[0]!;

const APP = '9b2e5c1d-7f3a-4e8b-a1c6-2d4f6e8a0b1c';
const byId = (label: string): Finding => ({
  target: { kind: 'app', id: APP.toUpperCase(), label },
  status: 'fail',
  message: 'expired',
});

function result(c: CheckResult): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0' },
    startedAt: 'x',
    durationMs: 0,
    target: { domains: [] },
    verdict: 'not-ready',
    summary: { pass: 0, fail: 0, warn: 0, info: 0, skipped: 0, error: 0 },
    areas: [],
    checks: [c],
    exceptions: [],
    sources: [],
  };
}

describe('finding targets', () => {
  it('normalises a string target with the declared kind; the structured form keeps its id', () => {
    const r = scan(
      check([{ target: ' Contoso.COM ', status: 'pass', message: 'ok' }], { targetKind: 'domain' }),
    );
    expect(r.findings[0]!.target).toEqual({ kind: 'domain', id: 'contoso.com', label: ' Contoso.COM ' });
    expect(scan(check([byId('MailStore')])).findings[0]!.target).toEqual({
      kind: 'app',
      id: APP,
      label: 'MailStore',
    });
    expect(toTarget('x')).toEqual({ kind: 'object', id: 'x', label: 'x' });
    expect(toTarget({ id: 'a' }, 'user')).toEqual({ kind: 'user', id: 'a', label: 'a' });
  });

  it('an exception matches the id or the label, and the kind when given', () => {
    const today = new Date('2026-11-25');
    const rules = [
      { check: 'app.creds', target: APP, reason: 'by id' },
      { check: 'app.creds', target: 'mailstore server', reason: 'by label' },
      { check: 'app.creds', target: APP, kind: 'domain' as const, reason: 'wrong kind' },
    ];
    for (const [i, label] of [
      [0, 'Something else'],
      [1, 'MailStore Server'],
    ] as const) {
      const book = new ExceptionBook([rules[i]!], today);
      expect(scan(check([byId(label)]), book).findings[0]!.status, rules[i]!.reason).toBe('info');
    }
    const wrongKind = new ExceptionBook([rules[2]!], today);
    expect(scan(check([byId('MailStore Server')]), wrongKind).findings[0]!.status).toBe('fail');
  });

  it('rewording a label neither breaks an exception on the id nor shows a new finding in a diff', () => {
    const today = new Date('2026-11-25');
    const before = scan(check([byId('MailStore Server (9b2e…)')]));
    const book = new ExceptionBook([{ check: 'app.creds', target: APP, reason: 'renewal' }], today);
    const reworded = scan(check([byId('MailStore archive app')]), book);
    expect(reworded.findings[0]!.exception?.originalStatus).toBe('fail');

    const same = diffResults(result(before), result(scan(check([byId('MailStore archive app')]))));
    expect(same.regressed).toEqual([]);
    expect(same.improved).toEqual([]);
    // a different id is a different finding
    const other = scan(check([{ ...byId('x'), target: { kind: 'app', id: 'another', label: 'x' } }]));
    expect(diffResults(result(before), result(other)).regressed).toHaveLength(1);
  });

  it('diffs against a result written before targets were structured (plain strings)', () => {
    const legacy = result(scan(check([{ target: 'contoso.com', status: 'fail', message: 'x' }])));
    for (const f of legacy.checks[0]!.findings) (f as { target: unknown }).target = 'Contoso.com';
    const now = result(
      scan(check([{ target: 'contoso.com', status: 'fail', message: 'x' }], { targetKind: 'domain' })),
    );
    expect(diffResults(legacy, now).regressed).toEqual([]);
  });

  it('every built-in check declares the kind of its targets', async () => {
    for (const c of await loadBuiltinChecks()) expect(c.targetKind, c.id).toBeDefined();
  });
});
