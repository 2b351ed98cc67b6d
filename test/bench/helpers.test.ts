import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestInterleaved } from '../../bench/collection.ts';
import { findLdapsearch, LdapsearchCount, ldapsearchArgs } from '../../bench/ldapsearch.ts';
import { benchPlan, DEFAULT_SIZES } from '../../bench/plan.ts';
import { READY, readyInfo } from '../../bench/sims.ts';

/** What ldapsearch -E pr=2/noprompt prints for three users in two pages and a referral. */
const OUTPUT = `# extended LDIF
#
# LDAPv3
# base <DC=corp,DC=contoso,DC=com> with scope subtree
# filter: (&(objectCategory=person)(objectClass=user))
# requesting: cn objectGUID
# with pagedResults control: size=2
#

# Alice Anders, Users, Contoso, corp.contoso.com
dn: CN=Alice Anders,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com
cn: Alice Anders
objectGUID:: q2pWyJ3+5UiqoeO2l0VBAQ==

# J\\C3\\B6rg, Users, Contoso, corp.contoso.com
dn:: Q049SsO2cmcsT1U9VXNlcnMsT1U9Q29udG9zbyxEQz1jb3JwLERDPWNvbnRvc28sREM9Y29t
cn:: SsO2cmc=
description: dn: in a value is not an entry

# search result
search: 2
result: 0 Success
control: 1.2.840.113556.1.4.319 true MA0CAQAECOqfnxLjbu41
pagedresults: cookie=6p+fEuNu7jU=
# extended LDIF
#
# LDAPv3
# with pagedResults control: size=2
#

# Carol Clark, Users, Contoso, corp.contoso.com
dn: CN=Carol Clark,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com
cn: Carol Clark

# search reference
ref: ldap://corp.contoso.com/cn=configuration,dc=corp,dc=contoso,dc=com

# search result
search: 3
result: 0 Success
control: 1.2.840.113556.1.4.319 true MAUCAQAEAA==
pagedresults: cookie=

# numResponses: 5
# numEntries: 3
# numReferences: 1
`;

describe('ldapsearch floor (bench/ldapsearch.ts)', () => {
  it('asks for a simple-bound, paged, unwrapped subtree search, localhost given as 127.0.0.1', () => {
    const args = ldapsearchArgs({
      url: 'ldaps://localhost:6360',
      bindDn: 'reader@corp.contoso.com',
      password: 'pw',
      base: 'DC=corp,DC=contoso,DC=com',
      filter: '(objectClass=user)',
      attributes: ['mail', 'objectGUID'],
      pageSize: 1000,
    });
    expect(args).toEqual([
      '-H',
      'ldaps://127.0.0.1:6360',
      '-x',
      '-D',
      'reader@corp.contoso.com',
      '-w',
      'pw',
      '-b',
      'DC=corp,DC=contoso,DC=com',
      '-s',
      'sub',
      '-o',
      'ldif-wrap=no',
      '-E',
      'pr=1000/noprompt',
      '(objectClass=user)',
      'mail',
      'objectGUID',
    ]);
    const other = ldapsearchArgs({
      url: 'ldaps://127.0.0.45',
      bindDn: 'a',
      password: 'b',
      base: 'c',
      filter: 'd',
      attributes: [],
      pageSize: 5,
    });
    expect(other[1]).toBe('ldaps://127.0.0.45');
    expect(
      ldapsearchArgs({
        ...{ bindDn: 'a', password: 'b', base: 'c', filter: 'd', attributes: [], pageSize: 5 },
        url: 'ldap://localhost.example:389',
      })[1],
    ).toBe('ldap://localhost.example:389');
  });

  it('counts entries (dn: and dn::), pages and results, whatever the chunking', () => {
    const whole = new LdapsearchCount();
    whole.push(Buffer.from(OUTPUT));
    whole.end();
    expect(whole).toMatchObject({ entries: 3, pages: 2, errors: [], reportedEntries: 3 });
    const bytes = Buffer.from(OUTPUT);
    for (const size of [1, 2, 7, 64]) {
      const c = new LdapsearchCount();
      for (let i = 0; i < bytes.length; i += size) c.push(bytes.subarray(i, i + size));
      expect(c.end()).toMatchObject({ entries: 3, pages: 2, errors: [], reportedEntries: 3 });
    }
  });

  it('keeps result lines that are not success; counts a last line without a newline', () => {
    const c = new LdapsearchCount();
    c.push(Buffer.from('dn: CN=a\n\n# search result\nsearch: 2\nresult: 4 Size limit exceeded\n\ndn: CN=b'));
    expect(c.end()).toMatchObject({ entries: 2, pages: 1, errors: ['4 Size limit exceeded'] });
  });

  it('finds ldapsearch on PATH only when it is executable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-ldapsearch-'));
    try {
      expect(findLdapsearch([dir])).toBeUndefined();
      writeFileSync(join(dir, 'ldapsearch'), '#!/bin/sh\n');
      expect(findLdapsearch(['', dir])).toBeUndefined();
      chmodSync(join(dir, 'ldapsearch'), 0o755);
      expect(findLdapsearch(['/nonexistent', dir])).toBe(join(dir, 'ldapsearch'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('simulator children (bench/sims.ts)', () => {
  it('reads the ready line and nothing else', () => {
    const info = {
      kind: 'ldap',
      config: { ldap: { url: 'ldaps://localhost:1' } },
      env: {},
      caFile: '/ca.pem',
      url: 'ldaps://localhost:1',
      buildMs: 12,
      pid: 3,
    };
    expect(readyInfo(`${READY}${JSON.stringify(info)}`)).toEqual(info);
    expect(readyInfo('(node:1) ExperimentalWarning: …')).toBeUndefined();
    expect(
      readyInfo(
        `${READY}${JSON.stringify({ kind: 'cloud', url: 'https://localhost:2', caFile: '/ca', config: {} })}`,
      ),
    ).toMatchObject({ env: {}, kind: 'cloud' });
    expect(() => readyInfo(`${READY}{"kind":"ldap"}`)).toThrow(/without kind, url, caFile or config/);
    expect(() => readyInfo(`${READY}${JSON.stringify({ ...info, kind: 'dns' })}`)).toThrow();
  });
});

describe('bench sizes (bench/plan.ts)', () => {
  it('measures 10k, 50k and 100k everywhere by default', () => {
    expect(benchPlan({})).toEqual({
      evaluationSizes: DEFAULT_SIZES,
      collectionSizes: DEFAULT_SIZES,
      fullScanSizes: DEFAULT_SIZES,
      reduced: [],
    });
    expect(benchPlan({ BENCH_SIZES: '100000,10000,50_000' }).reduced).toEqual([]);
  });

  it('BENCH_SKIP_LARGE=1 leaves 100k out of collection and full scan only', () => {
    expect(benchPlan({ BENCH_SKIP_LARGE: '1' })).toEqual({
      evaluationSizes: DEFAULT_SIZES,
      collectionSizes: [10_000, 50_000],
      fullScanSizes: [10_000, 50_000],
      reduced: ['BENCH_SKIP_LARGE=1'],
    });
  });

  it('BENCH_SIZES replaces the sizes of every section, sorted, and marks the run reduced', () => {
    expect(benchPlan({ BENCH_SIZES: '5000, 2000,5000' })).toEqual({
      evaluationSizes: [2000, 5000],
      collectionSizes: [2000, 5000],
      fullScanSizes: [2000, 5000],
      reduced: ['BENCH_SIZES=2000,5000'],
    });
    expect(() => benchPlan({ BENCH_SIZES: '10k' })).toThrow(/BENCH_SIZES must be whole numbers/);
    expect(() => benchPlan({ BENCH_SIZES: '0' })).toThrow(/BENCH_SIZES/);
  });
});

describe('measurements in turns (bench/collection.ts)', () => {
  it('runs the measurements in turns and keeps the fastest of each, with its highest peak RSS', async () => {
    const order: string[] = [];
    const walls = { a: [30, 10, 20], b: [5, 7, 6] };
    const measure = (name: 'a' | 'b') => {
      let i = 0;
      return async () => {
        order.push(name);
        const wallMs = walls[name][i]!;
        return { wallMs, rssPeakMb: 100 + i++, name };
      };
    };
    const [a, b] = await bestInterleaved(3, [measure('a'), measure('b')]);
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(a).toEqual({ wallMs: 10, rssPeakMb: 102, name: 'a' });
    expect(b).toEqual({ wallMs: 5, rssPeakMb: 102, name: 'b' });
  });
});
