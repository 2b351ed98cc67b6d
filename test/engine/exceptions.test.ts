import { describe, expect, it } from 'vitest';
import { ExceptionBook, isExpired } from '../../src/engine/exceptions.ts';
import { toTarget } from '../../src/engine/target.ts';

describe('exceptions', () => {
  it('is valid through its expiry day and expired the day after', () => {
    expect(isExpired('2027-03-31', new Date('2027-03-31T23:59:59Z'))).toBe(false);
    expect(isExpired('2027-03-31', new Date('2027-04-01T00:00:00Z'))).toBe(true);
    expect(isExpired(undefined, new Date())).toBe(false);
  });

  it('applies to every target when none is given, and only to fail/warn', () => {
    const book = new ExceptionBook([{ check: 'dns.dmarc', reason: 'rollout' }], new Date('2026-11-25'));
    const warn = book.apply('dns.dmarc', {
      target: toTarget('contoso.com', 'domain'),
      status: 'warn',
      message: 'no DMARC',
    });
    const pass = book.apply('dns.dmarc', {
      target: toTarget('fabrikam.com', 'domain'),
      status: 'pass',
      message: 'ok',
    });
    const other = book.apply('dns.spf-record', {
      target: toTarget('contoso.com', 'domain'),
      status: 'fail',
      message: 'x',
    });
    expect(warn.status).toBe('info');
    expect(warn.exception?.originalStatus).toBe('warn');
    expect(warn.message).toContain('accepted: rollout');
    expect(pass.exception).toBeUndefined();
    expect(other.status).toBe('fail');
    expect(book.states[0]).toMatchObject({ state: 'active', matched: 1 });
  });

  it('matches targets case-insensitively and reports unused exceptions as unmatched', () => {
    const book = new ExceptionBook(
      [
        { check: 'dns.dmarc', target: 'Contoso.COM', reason: 'r' },
        { check: 'dns.dmarc', target: 'nowhere.example', reason: 'r' },
      ],
      new Date('2026-11-25'),
    );
    expect(
      book.apply('dns.dmarc', { target: toTarget('contoso.com', 'domain'), status: 'fail', message: 'x' })
        .status,
    ).toBe('info');
    expect(book.states.map((s) => s.state)).toEqual(['active', 'unmatched']);
  });
});
