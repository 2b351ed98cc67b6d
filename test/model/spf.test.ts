import { describe, expect, it } from 'vitest';
import type { SpfEvaluation } from '../../src/evidence/dns.ts';
import { checkHost } from '../../src/model/spf/check-host.ts';
import { expandSpf } from '../../src/model/spf/expand.ts';
import { macroProblem, parseSpf, spfRecords } from '../../src/model/spf/parse.ts';
import { renderSpfTree } from '../../src/model/spf/tree.ts';
import { startDnsServer } from '../../src/simulator/dns/server.ts';
import { parseZone } from '../../src/simulator/dns/zone.ts';
import { parseServer, Resolver } from '../../src/sources/dns/resolver.ts';

/** RFC 7208 Appendix A's example.com / example.org data. */
const APPENDIX_A = `$ORIGIN example.com.
$TTL 600
@           IN SOA ns.example.com. hostmaster.example.com. ( 1 3600 600 86400 300 )
@           600  MX  10 mail-a
                 MX  20 mail-b
                 A   192.0.2.10
                 A   192.0.2.11
amy              A   192.0.2.65
bob              A   192.0.2.66
mail-a           A   192.0.2.129
mail-b           A   192.0.2.130
www              CNAME example.com.
`;
const EXAMPLE_ORG = `$ORIGIN example.org.
@           IN SOA ns.example.org. hostmaster.example.org. ( 1 3600 600 86400 300 )
@           600  MX  10 mail-c
mail-c           A   192.0.2.140
`;

async function evaluate(
  records: Record<string, string[]>,
  domain: string,
  extraZones: string[] = [],
  faults = {},
): Promise<SpfEvaluation> {
  const txt = Object.entries(records)
    .flatMap(([name, values]) =>
      values.map(
        (v) =>
          `${name}. IN TXT ${v
            .match(/.{1,250}/g)!
            .map((s) => `"${s}"`)
            .join(' ')}`,
      ),
    )
    .join('\n');
  const zones = [
    parseZone(
      `${APPENDIX_A}\n${txt
        .split('\n')
        .filter((l) => l.includes('example.com.'))
        .join('\n')}`,
      'example.com.',
    ),
    parseZone(
      `${EXAMPLE_ORG}\n${txt
        .split('\n')
        .filter((l) => l.includes('example.org.'))
        .join('\n')}`,
      'example.org.',
    ),
    ...extraZones.map((z) => parseZone(z)),
  ];
  const server = await startDnsServer({ zones, faults });
  try {
    const resolver = new Resolver({ servers: [parseServer(server.address)], timeoutMs: 2000, retries: 0 });
    return await expandSpf(domain, resolver);
  } finally {
    await server.stop();
  }
}

const verdicts = (ev: SpfEvaluation, ips: string[]) =>
  Object.fromEntries(ips.map((ip) => [ip, checkHost(ev, ip).result]));

describe('SPF on RFC 7208 Appendix A.1 examples', () => {
  const cases: [string, Record<string, string>][] = [
    ['v=spf1 +all', { '192.0.2.1': 'pass', '198.51.100.7': 'pass' }],
    ['v=spf1 a -all', { '192.0.2.10': 'pass', '192.0.2.11': 'pass', '192.0.2.65': 'fail' }],
    ['v=spf1 a:example.org -all', { '192.0.2.140': 'fail', '192.0.2.10': 'fail' }],
    ['v=spf1 mx -all', { '192.0.2.129': 'pass', '192.0.2.130': 'pass', '192.0.2.10': 'fail' }],
    ['v=spf1 mx:example.org -all', { '192.0.2.140': 'pass', '192.0.2.129': 'fail' }],
    [
      'v=spf1 mx mx:example.org -all',
      { '192.0.2.129': 'pass', '192.0.2.130': 'pass', '192.0.2.140': 'pass', '192.0.2.65': 'fail' },
    ],
    [
      'v=spf1 mx/30 mx:example.org/30 -all',
      { '192.0.2.131': 'pass', '192.0.2.143': 'pass', '192.0.2.132': 'fail' },
    ],
    ['v=spf1 ip4:192.0.2.128/28 -all', { '192.0.2.65': 'fail', '192.0.2.129': 'pass' }],
  ];
  for (const [record, expected] of cases) {
    it(`${record}`, async () => {
      const ev = await evaluate({ 'example.com': [record] }, 'example.com');
      expect(ev.result).toBe('ok');
      expect(verdicts(ev, Object.keys(expected))).toEqual(expected);
    });
  }

  it('counts a:example.org as one lookup and one void lookup (example.org has no A record)', async () => {
    const ev = await evaluate({ 'example.com': ['v=spf1 a:example.org -all'] }, 'example.com');
    expect(ev.lookups).toBe(1);
    expect(ev.voidLookups).toBe(1);
  });

  it('v=spf1 ptr -all: ptr is counted but cannot be decided statically', async () => {
    const ev = await evaluate({ 'example.com': ['v=spf1 ptr -all'] }, 'example.com');
    expect(ev.lookups).toBe(1);
    const out = checkHost(ev, '192.0.2.10');
    expect(out.undecidable).toEqual(['ptr']);
  });
});

describe('SPF on RFC 7208 Appendix A.2 (multiple domains, redirect)', () => {
  it('la.example.org redirects to example.org, which includes example.com; lookups counted through both', async () => {
    const ev = await evaluate(
      {
        'example.org': ['v=spf1 include:example.com include:example.net -all'],
        'la.example.org': ['v=spf1 redirect=example.org'],
        'example.com': ['v=spf1 mx -all'],
      },
      'la.example.org',
      [
        `$ORIGIN example.net.\n@ IN SOA ns.example.net. h.example.net. ( 1 3600 600 86400 300 )\n@ IN TXT "v=spf1 ip4:198.51.100.0/24 -all"`,
      ],
    );
    expect(ev.result).toBe('ok');
    // redirect, include:example.com, mx (inside example.com), include:example.net
    expect(ev.lookups).toBe(4);
    expect(ev.all).toBe('-');
    expect(checkHost(ev, '192.0.2.129')).toMatchObject({ result: 'pass' });
    expect(checkHost(ev, '198.51.100.20')).toMatchObject({ result: 'pass' });
    expect(checkHost(ev, '203.0.113.1')).toMatchObject({ result: 'fail' });
    expect(renderSpfTree(ev.tree).join('\n')).toContain('#1 redirect=example.org');
  });

  it('ignores redirect when the record has "all" (RFC 7208 §6.1)', async () => {
    const ev = await evaluate({ 'example.com': ['v=spf1 -all redirect=example.org'] }, 'example.com');
    expect(ev.lookups).toBe(0);
  });
});

describe('SPF limits and errors', () => {
  it('a chain over 10 lookups is permerror, and the whole tree is kept as evidence', async () => {
    const includes = Array.from({ length: 6 }, (_, i) => `include:s${i}.example.com`).join(' ');
    const records: Record<string, string[]> = { 'example.com': [`v=spf1 ${includes} -all`] };
    for (let i = 0; i < 6; i++)
      records[`s${i}.example.com`] = [`v=spf1 a:amy.example.com ip4:203.0.113.${i} -all`];
    const ev = await evaluate(records, 'example.com');
    expect(ev.lookups).toBe(12);
    expect(ev.result).toBe('permerror');
    expect(ev.errors.join(' ')).toMatch(/12 DNS-querying terms, more than the limit of 10/);
    const tree = renderSpfTree(ev.tree);
    expect(tree.filter((l) => /#\d+ /.test(l))).toHaveLength(12);
    expect(tree.join('\n')).toContain('#12 a:amy.example.com -> 192.0.2.65');
    // A sender matched before the 11th lookup passes; one matched only after it is permerror.
    expect(checkHost(ev, '203.0.113.0').result).toBe('pass');
    expect(checkHost(ev, '203.0.113.5').result).toBe('permerror');
  });

  it('more than 2 void lookups is permerror', async () => {
    const ev = await evaluate(
      { 'example.com': ['v=spf1 a:nx1.example.com a:nx2.example.com a:nx3.example.com ip4:192.0.2.1 -all'] },
      'example.com',
    );
    expect(ev.voidLookups).toBe(3);
    expect(ev.result).toBe('permerror');
  });

  it('two SPF records are permerror', async () => {
    const ev = await evaluate({ 'example.com': ['v=spf1 mx -all', 'v=spf1 a -all'] }, 'example.com');
    expect(ev.tree.records).toHaveLength(2);
    expect(ev.result).toBe('permerror');
  });

  it('no SPF record is "none"', async () => {
    const ev = await evaluate({}, 'example.com');
    expect(ev.result).toBe('none');
  });

  it('an include loop is reported instead of recursing forever', async () => {
    const ev = await evaluate(
      {
        'example.com': ['v=spf1 include:example.org -all'],
        'example.org': ['v=spf1 include:example.com -all'],
      },
      'example.com',
    );
    expect(ev.result).toBe('permerror');
    expect(ev.errors.join(' ')).toMatch(/loop: example.com -> example.org -> example.com/);
  });

  it('an include whose TXT lookup SERVFAILs is temperror, not permerror', async () => {
    const ev = await evaluate({ 'example.com': ['v=spf1 include:example.org -all'] }, 'example.com', [], {
      servfail: ['example.org/TXT'],
    });
    expect(ev.result).toBe('temperror');
    expect(checkHost(ev, '192.0.2.1').result).toBe('temperror');
  });

  it('an include of a name that cannot exist is a permerror, and the scan goes on', async () => {
    const ev = await evaluate(
      { 'example.com': [`v=spf1 include:${'x'.repeat(64)}.example.net -all`] },
      'example.com',
    );
    expect(ev.result).toBe('permerror');
    expect(ev.tree.terms[0]?.error).toMatch(/is not a valid domain name/);
  });

  it('expands %{d} and marks sender-dependent macros dynamic', async () => {
    const ev = await evaluate(
      {
        'example.com': ['v=spf1 include:_spf.%{d} exists:%{i}._ip.%{d} -all'],
        '_spf.example.com': ['v=spf1 ip4:198.51.100.1 -all'],
      },
      'example.com',
    );
    expect(ev.lookups).toBe(2);
    expect(ev.tree.terms[0]?.value).toBe('_spf.example.com');
    expect(ev.tree.terms[1]?.dynamic).toBe(true);
    expect(checkHost(ev, '198.51.100.1').result).toBe('pass');
  });
});

describe('parseSpf', () => {
  it('reports syntax errors per term', () => {
    const { errors } = parseSpf('v=spf1 ip4:300.1.1.1 foo mx/40 include -all');
    expect(errors).toEqual([
      '"300.1.1.1" is not an IPv4 address',
      'unknown term "foo"',
      'bad CIDR "/40"',
      'include needs a domain',
    ]);
  });

  it('parses qualifiers, CIDRs and modifiers', () => {
    const { terms, errors } = parseSpf('v=spf1 ~a:mail.example.com/24//64 ?mx exp=explain.example.com -all');
    expect(errors).toEqual([]);
    expect(terms[0]).toMatchObject({
      qualifier: '~',
      name: 'a',
      value: 'mail.example.com',
      cidr4: 24,
      cidr6: 64,
      counts: true,
    });
    expect(terms[1]).toMatchObject({ qualifier: '?', name: 'mx', counts: true });
    expect(terms[2]).toMatchObject({ kind: 'modifier', name: 'exp', counts: false });
    expect(terms[3]).toMatchObject({ qualifier: '-', name: 'all', counts: false });
  });

  // RFC 7208 §4.5: the record begins with "v=spf1" then SP or the end; the version is case-insensitive.
  it('recognises a record only when it begins with v=spf1 followed by a space or the end', () => {
    expect(
      spfRecords(['v=spf1 -all', 'V=SPF1', ' v=spf1 -all', 'v=spf10 -all', 'v=spf1\t-all', 'x v=spf1']),
    ).toEqual(['v=spf1 -all', 'V=SPF1']);
  });

  // RFC 7208 §7.1 grammar: macro-expand = ( "%{" macro-letter transformers *delimiter "}" ) / "%%" / "%_" / "%-"
  // macro-letter = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "c" / "r" / "t" / "v"; transformers = *DIGIT [ "r" ];
  // delimiter = "." / "-" / "+" / "," / "/" / "_" / "="; c, r, t only in exp= (§7.2).
  it.each([
    ['exists:%{ir}.%{v}._spf.%{d2}', undefined],
    ['exists:%{l1r-}.%{d}', undefined],
    ['include:%{d}.%%.%_.%-.example.com', undefined],
    ['exists:%{i}.%{o}.%{h}.%{p}.%{s}.example.com', undefined],
    ['exists:%.example.com', /bare "%"/],
    ['exists:%{x}.example.com', /unknown macro letter "x"/],
    ['exists:%{c}.example.com', /only in exp=/],
    ['exists:%{t}.example.com', /only in exp=/],
    ['exists:%{d0}.example.com', /zero labels/],
    ['exists:%{d.example.com', /malformed macro/],
    ['exists:%{d;}.example.com', /malformed macro/],
    ['a:%{ir.example.com', /malformed macro/],
    ['foo=%{q}', /unknown macro letter "q"/],
  ])('macro syntax of %s', (term, problem) => {
    const { errors } = parseSpf(`v=spf1 ${term} -all`);
    if (problem) expect(errors.join('; ')).toMatch(problem);
    else expect(errors).toEqual([]);
  });

  it('allows c, r and t in exp= only (RFC 7208 §7.2)', () => {
    expect(macroProblem('%{c} is not allowed %{r} %{t}', true)).toBeUndefined();
    expect(macroProblem('%{c}', false)).toMatch(/only in exp=/);
  });

  // RFC 7208 §5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT); leading zeros are not allowed.
  it('refuses CIDR lengths with leading zeros', () => {
    expect(parseSpf('v=spf1 a/024 -all').errors).toEqual(['bad CIDR "/024"']);
    expect(parseSpf('v=spf1 a/0 mx/24//128 -all').errors).toEqual([]);
  });
});
