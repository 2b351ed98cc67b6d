import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/engine/runner.ts';
import { exitCodeOf } from '../../src/pipeline/exit-code.ts';
import { testCheck as check, okSnapshot } from '../helpers/runner.ts';

const settings = { domains: [] };

describe('--timeout bounds evaluation too', () => {
  it('checks whose turn comes after the deadline end as error, the earlier ones keep their verdict', () => {
    let calls = 0;
    const slow = check('tenant.slow', () => {
      calls++;
      const until = Date.now() + 30;
      while (Date.now() < until) {
        // a check that takes longer than the whole budget
      }
      return [{ target: 't', status: 'fail', message: 'bad' }];
    });
    const later = check('tenant.later', () => {
      calls++;
      return [];
    });
    const results = runChecks([slow, later], { snapshot: okSnapshot, settings, deadline: Date.now() + 10 });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['tenant.slow', 'fail'],
      ['tenant.later', 'error'],
    ]);
    expect(results[1]!.reason).toContain('--timeout');
    expect(calls).toBe(1);
    // Fail wins over incomplete (DESIGN.md exit codes): the certain problem is what a job must see.
    expect(
      exitCodeOf({
        kind: 'evaluated',
        statuses: results.map((r) => r.status),
        failOn: 'fail',
        incomplete: true,
      }),
    ).toBe(1);
  });

  it('without fails, a cut-short evaluation exits 3, never 0', () => {
    const results = runChecks([check('tenant.fine', () => [])], {
      snapshot: okSnapshot,
      settings,
      deadline: Date.now() - 1,
    });
    expect(results[0]!.status).toBe('error');
    expect(
      exitCodeOf({
        kind: 'evaluated',
        statuses: results.map((r) => r.status),
        failOn: 'fail',
        incomplete: true,
      }),
    ).toBe(3);
  });

  it('no deadline: every check runs', () => {
    const results = runChecks([check('tenant.fine', () => [])], { snapshot: okSnapshot, settings });
    expect(results[0]!.status).toBe('pass');
  });
});
