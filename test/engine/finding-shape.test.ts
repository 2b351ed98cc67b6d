import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/engine/runner.ts';
import type { Finding } from '../../src/engine/types.ts';
import { testCheck as check, okSnapshot } from '../helpers/runner.ts';

const settings = { domains: [] };
const runOne = (run: () => unknown) =>
  runChecks(
    [
      check('tenant.plugin', run as () => Finding[]),
      check('tenant.after', () => [{ target: 't', status: 'pass', message: 'ok' }]),
    ],
    { snapshot: okSnapshot, settings },
  );

describe('a check result is validated before it is trusted (plugins are plain JavaScript)', () => {
  it.each([
    ['[null]', () => [null], 'finding [0]'],
    ['a string', () => 'ok', 'got string'],
    ['undefined', () => undefined, 'got undefined'],
    ['a status outside the vocabulary', () => [{ target: 't', status: 'ok', message: 'm' }], '.status'],
    ['no message', () => [{ target: 't', status: 'pass' }], '.message'],
    ['an empty target', () => [{ target: '', status: 'pass', message: 'm' }], '.target'],
    [
      'evidence that is not an object',
      () => [{ target: 't', status: 'pass', message: 'm', evidence: 3 }],
      '.evidence',
    ],
  ])('%s becomes that check’s error naming the fault; the next check still runs', (_name, run, expected) => {
    const [plugin, after] = runOne(run);
    expect(plugin!.status).toBe('error');
    expect(plugin!.reason).toContain(expected);
    expect(plugin!.stack).toBeUndefined();
    expect(after!.status).toBe('pass');
  });

  it('a rejecting async run() is an error result and never an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const [plugin] = runOne(async () => {
        throw new Error('async boom');
      });
      expect(plugin!.status).toBe('error');
      expect(plugin!.reason).toContain('Promise');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('well-formed findings pass through unchanged', () => {
    const [plugin] = runOne(() => [{ target: { kind: 'user', id: 'a@x' }, status: 'warn', message: 'm' }]);
    expect(plugin!.status).toBe('warn');
    expect(plugin!.findings[0]!.target).toEqual({ kind: 'user', id: 'a@x', label: 'a@x' });
  });
});
