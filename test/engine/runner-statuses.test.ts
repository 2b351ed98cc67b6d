import { describe, expect, it } from 'vitest';
import { skip } from '../../src/engine/define-check.ts';
import type { RegisteredCheck } from '../../src/engine/registry.ts';
import { runChecks } from '../../src/engine/runner.ts';
import type { Check } from '../../src/engine/types.ts';
import { testCheck as check, okSnapshot } from '../helpers/runner.ts';

const snapshot = okSnapshot;
const settings = { domains: [] };
const run = (checks: RegisteredCheck[], extra: Partial<Parameters<typeof runChecks>[1]> = {}) =>
  runChecks(checks, { snapshot, settings, ...extra });

describe('skip()', () => {
  it('gives skipped with the reason and the setting, never a finding', () => {
    const [r] = run([
      check('tenant.probe', () => skip('no sample mailbox.', { setting: 'probes.cloudMailbox' })),
    ]);
    expect(r!.status).toBe('skipped');
    expect(r!.findings).toEqual([]);
    expect(r!.reason).toBe('no sample mailbox. Set probes.cloudMailbox.');
    expect(r!.setting).toBe('probes.cloudMailbox');
  });

  it('works without a setting, and a check that does not skip runs normally', () => {
    const [a, b] = run([
      check('tenant.a', () => skip('nothing to ask')),
      check('tenant.b', () => [{ target: 't', status: 'pass', message: 'ok' }]),
    ]);
    expect([a!.status, a!.reason, a!.setting]).toEqual(['skipped', 'nothing to ask', undefined]);
    expect(b!.status).toBe('pass');
  });
});

describe('declared severity caps a finding', () => {
  const emit =
    (status: 'fail' | 'warn' | 'info'): Check['run'] =>
    () => [{ target: 't', status, message: 'm' }];
  it('an info check cannot warn or fail; a warn check cannot fail; a fail check keeps both', () => {
    const results = run([
      check('tenant.i-warn', emit('warn'), { severity: 'info' }),
      check('tenant.i-fail', emit('fail'), { severity: 'info' }),
      check('tenant.w-fail', emit('fail'), { severity: 'warn' }),
      check('tenant.w-warn', emit('warn'), { severity: 'warn' }),
      check('tenant.f-warn', emit('warn'), { severity: 'fail' }),
      check('tenant.f-fail', emit('fail'), { severity: 'fail' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['info', 'info', 'warn', 'warn', 'warn', 'fail']);
  });

  it('the config override applies after the cap', () => {
    const results = run([check('tenant.w-fail', emit('fail'), { severity: 'warn' })], {
      checkSettings: { 'tenant.w-fail': 'fail' },
    });
    expect(results[0]!.status).toBe('fail');
  });
});

describe('dependsOn', () => {
  const failing = check('tenant.root', () => [{ target: 't', status: 'fail', message: 'broken' }]);
  const passing = check('tenant.root', () => [{ target: 't', status: 'pass', message: 'ok' }]);
  const dependent = check('tenant.leaf', () => [{ target: 't', status: 'fail', message: 'repeat' }], {
    dependsOn: ['tenant.root'],
  });

  it('skips a dependent of a failed check, naming it, and keeps the given result order', () => {
    const results = run([dependent, failing]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['tenant.leaf', 'skipped'],
      ['tenant.root', 'fail'],
    ]);
    expect(results[0]!.reason).toMatch(/^depends on tenant\.root, which failed: tenant\.root bad/);
  });

  it('runs the dependent when the dependency passed or was not selected', () => {
    expect(run([dependent, passing])[0]!.status).toBe('fail');
    expect(run([dependent])[0]!.status).toBe('fail');
  });

  it('skips the dependent of an errored or skipped dependency', () => {
    const boom = check('tenant.root', () => {
      throw new Error('kaboom');
    });
    expect(run([boom, dependent])[1]!.reason).toMatch(/which could not run: kaboom/);
    const off = run([passing, dependent], { checkSettings: { 'tenant.root': 'off' } });
    expect(off[1]!.reason).toMatch(/which was skipped/);
  });

  it('rejects a cycle naming its ids', () => {
    const a = check('tenant.a', () => [], { dependsOn: ['tenant.b'] });
    const b = check('tenant.b', () => [], { dependsOn: ['tenant.a'] });
    expect(() => run([a, b])).toThrow(/cycle: tenant\.a -> tenant\.b -> tenant\.a/);
  });
});

describe('a throwing check', () => {
  it('keeps its stack on the error result', () => {
    const [r] = run([
      check('tenant.boom', () => {
        throw new Error('kaboom');
      }),
    ]);
    expect(r!.status).toBe('error');
    expect(r!.stack).toMatch(/^Error: kaboom\n\s+at /);
  });
});
