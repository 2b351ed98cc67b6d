import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/pipeline.ts';

const evaluated = (
  statuses: ('pass' | 'fail' | 'warn' | 'error')[],
  failOn: 'fail' | 'warn' | 'never',
  incomplete = false,
) => exitCodeOf({ kind: 'evaluated', statuses, failOn, incomplete });

describe('exitCodeOf', () => {
  it('0 when nothing is at or above --fail-on', () => {
    expect(evaluated(['pass', 'warn'], 'fail')).toBe(0);
    expect(evaluated(['fail'], 'never')).toBe(0);
  });
  it('1 for a finding at or above the threshold', () => {
    expect(evaluated(['pass', 'fail'], 'fail')).toBe(1);
    expect(evaluated(['warn'], 'warn')).toBe(1);
  });
  it('3 when incomplete or a check errored, and nothing at the threshold', () => {
    expect(evaluated(['pass'], 'fail', true)).toBe(3);
    expect(evaluated(['error', 'warn'], 'fail')).toBe(3);
    expect(evaluated(['fail'], 'never', true)).toBe(3);
  });
  it('fail wins over incomplete: an interrupted scan with real failures exits 1', () => {
    expect(evaluated(['fail', 'error'], 'fail', true)).toBe(1);
  });
  it('2 for a usage error, collect by completeness alone', () => {
    expect(exitCodeOf({ kind: 'usage-error' })).toBe(2);
    expect(exitCodeOf({ kind: 'collected', incomplete: false })).toBe(0);
    expect(exitCodeOf({ kind: 'collected', incomplete: true })).toBe(3);
  });
});
