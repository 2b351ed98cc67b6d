import { describe, expect, it } from 'vitest';
import {
  applicablePolicy,
  type DmarcLookup,
  discoverDmarc,
  dmarcWalkNames,
  isDmarcRecord,
  parseDmarc,
} from '../../src/model/dmarc.ts';

/** Answers for a walk: name → TXT strings (only DMARC ones are kept, as the check does). */
const zone =
  (txt: Record<string, string[]>, faults: Record<string, string> = {}) =>
  (name: string): DmarcLookup => {
    if (faults[name]) return { state: 'fault', fault: faults[name]! };
    return { state: 'answered', records: (txt[name] ?? []).filter(isDmarcRecord) };
  };

describe('DMARC record grammar (RFC 9989 §4.7)', () => {
  it('recognises v=DMARC1 only at the start, with the value in exact case', () => {
    expect(isDmarcRecord('v=DMARC1; p=reject')).toBe(true);
    expect(isDmarcRecord('V = DMARC1;p=reject')).toBe(true);
    expect(isDmarcRecord('v=DMARC1')).toBe(true);
    // Unrelated TXT records at _dmarc (verification tokens, SPF pasted in the wrong place) are ignored.
    expect(isDmarcRecord('google-site-verification=abc')).toBe(false);
    expect(isDmarcRecord('v=spf1 -all')).toBe(false);
    expect(isDmarcRecord('v=dmarc1; p=reject')).toBe(false);
    expect(isDmarcRecord(' v=DMARC1; p=reject')).toBe(false);
    expect(isDmarcRecord('p=reject; v=DMARC1')).toBe(false);
    expect(isDmarcRecord('v=DMARC10; p=reject')).toBe(false);
  });

  it('accepts a complete valid record', () => {
    const r = parseDmarc(
      'v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; fo=0:1:d:s; t=n; psd=u; rua=mailto:a@contoso.com,mailto:b@report.example!10m; ruf=mailto:f@contoso.com; pct=100',
    );
    expect(r.problems).toEqual([]);
    expect(r.tags).toMatchObject({ p: 'reject', sp: 'quarantine', np: 'reject', t: 'n' });
  });

  it('ignores unknown tags (RFC 9989: unknown tags MUST be ignored)', () => {
    expect(parseDmarc('v=DMARC1; p=reject; future=1').problems).toEqual([]);
  });

  it.each([
    ['v=DMARC1; p=reject; p=none', /p= appears more than once/],
    ['v=DMARC1; p=reject; P=none', /p= appears more than once/],
    ['v=DMARC1; p=block', /p=block is not one of none, quarantine, reject/],
    ['v=DMARC1; p=reject; sp=deny', /sp=deny/],
    ['v=DMARC1; p=reject; np=yes', /np=yes/],
    ['v=DMARC1; p=reject; fo=2', /fo=2 is not a colon-separated list/],
    ['v=DMARC1; p=reject; fo=1,d', /fo=1,d/],
    [
      'v=DMARC1; p=reject; rua=dmarc@contoso.com',
      /rua: "dmarc@contoso.com" is not a URI \(write mailto:dmarc@contoso.com\)/,
    ],
    ['v=DMARC1; p=reject; rua=mailto:', /not a mailto: address/],
    ['v=DMARC1; p=reject; rua=mailto:a@contoso.com,', /rua= has an empty URI/],
    ['v=DMARC1; p=reject; ruf=mailto:nobody', /ruf: "mailto:nobody"/],
    ['v=DMARC1; p=reject; adkim=x', /adkim=x/],
    ['v=DMARC1; p=reject; t=maybe', /t=maybe/],
    ['v=DMARC1; p=reject; psd=x', /psd=x/],
    ['v=DMARC1; p=reject; pct=150', /pct=150/],
    ['v=DMARC1; p=reject; garbage', /"garbage" is not a tag=value pair/],
  ])('%s is invalid', (record, problem) => {
    expect(parseDmarc(record).problems.join('; ')).toMatch(problem);
  });
});

describe('DNS Tree Walk (RFC 9989 §4.10)', () => {
  it('walks one label at a time below 8 labels, to the top-level domain', () => {
    expect(dmarcWalkNames('a.b.contoso.com')).toEqual([
      'a.b.contoso.com',
      'b.contoso.com',
      'contoso.com',
      'com',
    ]);
    expect(dmarcWalkNames('contoso.com.')).toEqual(['contoso.com', 'com']);
  });

  it('jumps to the last 7 labels from a name of 8 or more labels (at most 8 queries)', () => {
    const names = dmarcWalkNames('a.b.c.d.e.f.g.h.i.example');
    expect(names[1]).toBe('d.e.f.g.h.i.example');
    expect(names).toHaveLength(8);
    expect(names.at(-1)).toBe('example');
  });

  it('uses the domain’s own record first, and p= applies', () => {
    const w = discoverDmarc(
      'eu.contoso.com',
      zone({ 'eu.contoso.com': ['v=DMARC1; p=reject'], 'contoso.com': ['v=DMARC1; p=none'] }),
    );
    expect(w.found).toMatchObject({ name: 'eu.contoso.com', inherited: false });
    expect(applicablePolicy(w.found!)).toBe('reject');
  });

  it('inherits from the nearest parent with exactly one record, where sp= applies', () => {
    const w = discoverDmarc(
      'a.b.contoso.com',
      zone({ 'b.contoso.com': ['v=DMARC1; p=reject; sp=quarantine'], 'contoso.com': ['v=DMARC1; p=none'] }),
    );
    expect(w.found?.name).toBe('b.contoso.com');
    expect(applicablePolicy(w.found!)).toBe('quarantine');
    // Not a suffix list: the organisational domain is the record with the fewest labels.
    expect(w.organizationalDomain).toBe('contoso.com');
  });

  it('discards a name with several records and walks on', () => {
    const w = discoverDmarc(
      'eu.contoso.com',
      zone({
        'eu.contoso.com': ['v=DMARC1; p=reject', 'v=DMARC1; p=none'],
        'contoso.com': ['v=DMARC1; p=quarantine'],
      }),
    );
    expect(w.multiple).toEqual([{ name: 'eu.contoso.com', count: 2 }]);
    expect(w.found?.name).toBe('contoso.com');
  });

  it('finds the organisational domain under a public suffix that publishes psd=y', () => {
    // A .gov-style PSD record: the Organizational Domain is one label below it.
    const w = discoverDmarc(
      'mail.agency.example',
      zone({ example: ['v=DMARC1; p=reject; psd=y'], 'mail.agency.example': ['v=DMARC1; p=quarantine'] }),
    );
    expect(w.found?.name).toBe('mail.agency.example');
    expect(w.organizationalDomain).toBe('agency.example');
  });

  it('stops the organisational domain at psd=n', () => {
    const w = discoverDmarc(
      'x.shop.contoso.com',
      zone({ 'shop.contoso.com': ['v=DMARC1; p=reject; psd=n'], 'contoso.com': ['v=DMARC1; p=none'] }),
    );
    expect(w.organizationalDomain).toBe('shop.contoso.com');
  });

  it('a subdomain whose parents publish nothing is its own organisational domain', () => {
    expect(discoverDmarc('eu.contoso.com', zone({})).organizationalDomain).toBe('eu.contoso.com');
  });

  it('a SERVFAIL below the top level makes the policy unknown, never "no record"', () => {
    const w = discoverDmarc(
      'eu.contoso.com',
      zone({ com: ['v=DMARC1; p=reject'] }, { 'contoso.com': 'SERVFAIL' }),
    );
    expect(w.fault).toEqual({ name: 'contoso.com', fault: 'SERVFAIL' });
    expect(w.found).toBeUndefined();
  });

  it('a top-level name that cannot be read is noted, not fatal', () => {
    const w = discoverDmarc('contoso.com', (n) =>
      n === 'com' ? { state: 'fault', fault: 'REFUSED' } : { state: 'answered', records: [] },
    );
    expect(w.fault).toBeUndefined();
    expect(w.unread).toEqual(['com']);
  });
});
