import { describe, expect, it } from 'vitest';
import { emptySummary, verdictOf, worstOf } from '../../src/engine/verdict.ts';

describe('verdicts and exit codes', () => {
  it('orders verdicts: fail, then incomplete, then warnings', () => {
    expect(verdictOf({ ...emptySummary(), pass: 3 })).toBe('ready');
    expect(verdictOf({ ...emptySummary(), warn: 1, info: 2 })).toBe('ready-with-warnings');
    expect(verdictOf({ ...emptySummary(), warn: 1, error: 1 })).toBe('incomplete');
    expect(verdictOf({ ...emptySummary(), fail: 1, error: 1 })).toBe('not-ready');
    expect(verdictOf({ ...emptySummary(), pass: 1 }, true)).toBe('incomplete');
  });

  it('an area (or a scan) where every check was skipped is incomplete, never ready (issue 15: false READY)', () => {
    expect(verdictOf({ ...emptySummary(), skipped: 8 })).toBe('incomplete');
    expect(verdictOf(emptySummary())).toBe('incomplete');
    // One evaluated check is enough to judge; skipped ones beside it do not block a verdict.
    expect(verdictOf({ ...emptySummary(), skipped: 8, info: 1 })).toBe('ready');
  });

  it('takes the worst finding, a failure above an error', () => {
    expect(worstOf([])).toBe('pass');
    expect(worstOf(['pass', 'warn', 'info'])).toBe('warn');
    expect(worstOf(['error', 'fail', 'warn'])).toBe('fail');
  });
});
