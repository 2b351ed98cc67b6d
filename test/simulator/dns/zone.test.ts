import { describe, expect, it } from 'vitest';
import { answerFrom } from '../../../src/simulator/dns/server.ts';
import { parseZone, ZoneSyntaxError } from '../../../src/simulator/dns/zone.ts';
import { readyZones } from '../../helpers/dns.ts';

describe('zone file reader', () => {
  it('reads $ORIGIN, $TTL, parentheses, blank owners, relative names and quoted strings', () => {
    const z = parseZone(
      `$ORIGIN example.com.
$TTL 120
@   IN SOA ns1 hostmaster ( 7   ; serial
        3600 600 86400 60 )
    600 IN MX 10 mail
        MX 20 mail.other.net.
mail A 192.0.2.1
txt IN TXT "a \\"quoted\\" part" "second; not a comment"
_sip._tcp SRV 0 5 5060 sip
`,
    );
    expect(z.origin).toBe('example.com');
    expect(z.records.map((r) => [r.name, r.type, 'ttl' in r ? r.ttl : undefined])).toEqual([
      ['example.com', 'SOA', 120],
      ['example.com', 'MX', 600],
      ['example.com', 'MX', 120],
      ['mail.example.com', 'A', 120],
      ['txt.example.com', 'TXT', 120],
      ['_sip._tcp.example.com', 'SRV', 120],
    ]);
    expect(z.records[0]).toMatchObject({ data: { mname: 'ns1.example.com', serial: 7, minimum: 60 } });
    expect(z.records[2]).toMatchObject({ data: { preference: 20, exchange: 'mail.other.net' } });
    expect(z.records[4]).toMatchObject({ data: ['a "quoted" part', 'second; not a comment'] });
  });

  it('reports the file and line of a syntax error', () => {
    expect(() => parseZone('$ORIGIN a.example.\n@ IN BOGUS x\n', '.', 'a.zone')).toThrow(ZoneSyntaxError);
    expect(() => parseZone('$ORIGIN a.example.\n@ IN BOGUS x\n', '.', 'a.zone')).toThrow(/a.zone:2/);
    expect(() => parseZone('@ IN TXT "open\n', 'a.example.', 'b.zone')).toThrow(/unterminated/);
    expect(() => parseZone(`@ IN TXT "${'x'.repeat(256)}"\n`, 'a.example.')).toThrow(/longer than 255/);
  });

  it('reads every contoso-ready zone', () => {
    for (const [origin, text] of Object.entries(readyZones())) {
      const z = parseZone(text, `${origin}.`, origin);
      expect(z.origin).toBe(origin);
      expect(z.records.some((r) => r.type === 'SOA')).toBe(true);
    }
  });
});

describe('authoritative answers', () => {
  const zones = Object.entries(readyZones()).map(([o, t]) => parseZone(t, `${o}.`, o));

  it('answers REFUSED outside its zones, NXDOMAIN and NODATA with the SOA inside', () => {
    expect(answerFrom(zones, 'example.org', 'A').rcode).toBe('REFUSED');
    const nx = answerFrom(zones, 'nope.contoso.com', 'A');
    expect([nx.rcode, nx.authorities[0]?.type]).toEqual(['NXDOMAIN', 'SOA']);
    const nodata = answerFrom(zones, 'mail.contoso.com', 'MX');
    expect([nodata.rcode, nodata.answers.length]).toEqual(['NOERROR', 0]);
  });

  it('treats an empty non-terminal as existing (NODATA, not NXDOMAIN)', () => {
    expect(answerFrom(zones, '_domainkey.contoso.com', 'TXT').rcode).toBe('NOERROR');
  });

  it('answers DS at a zone apex with NODATA when the parent is not served (RFC 4035 §3.1.4.1)', () => {
    const ds = answerFrom(zones, 'contoso.com', 'DS');
    expect([ds.rcode, ds.answers.length, ds.authorities[0]?.type]).toEqual(['NOERROR', 0, 'SOA']);
  });

  it('follows a CNAME inside its zone and stops at the zone edge', () => {
    expect(answerFrom(zones, 'autodiscover.contoso.com', 'A').answers.map((a) => a.type)).toEqual([
      'CNAME',
      'A',
    ]);
    expect(answerFrom(zones, 'selector1._domainkey.contoso.com', 'TXT').answers.map((a) => a.type)).toEqual([
      'CNAME',
    ]);
  });
});
