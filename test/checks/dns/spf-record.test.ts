import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/spf-record.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const spf = (...records: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, {
    drop: /v=spf1/,
    add: records.map((r) => `@ IN TXT "${r}"`),
  }),
});

describe('dns.spf-record', () => {
  it('passes for one record ending in -all', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.records).toEqual([
      'v=spf1 ip4:203.0.113.10 a:mail.contoso.com include:spf.protection.outlook.com -all',
    ]);
  });

  it('fails on two SPF records and on none', async () => {
    const two = await collectDns({
      zones: spf('v=spf1 include:spf.protection.outlook.com -all', 'v=spf1 ip4:203.0.113.10 -all'),
    });
    expect(runCheck(check, { artifacts: two.artifacts }).findings[0]?.message).toMatch(/2 SPF records/);
    const none = await collectDns({ zones: spf() });
    expect(runCheck(check, { artifacts: none.artifacts }).status).toBe('fail');
  });

  it('fails on a syntax error and warns on +all', async () => {
    const bad = await collectDns({ zones: spf('v=spf1 ip4:203.0.113.300 -all') });
    expect(runCheck(check, { artifacts: bad.artifacts }).status).toBe('fail');
    const open = await collectDns({ zones: spf('v=spf1 include:spf.protection.outlook.com +all') });
    const r = runCheck(check, { artifacts: open.artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/every host on the Internet/);
  });

  it('uses the all of a redirect target (real-world: redirect=_spf.domain)', async () => {
    const { artifacts } = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /v=spf1/,
          add: [
            '@ IN TXT "v=spf1 redirect=_spf.contoso.com"',
            '_spf IN TXT "v=spf1 include:spf.protection.outlook.com ~all"',
          ],
        }),
      },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('One SPF record ending in ~all');
  });

  it('is an error when the TXT lookup SERVFAILs', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['contoso.com/TXT'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });

  // RFC 7208 §5.5: "This mechanism SHOULD NOT be published."
  it('warns on ptr, in the record itself or in an include (RFC 7208 §5.5)', async () => {
    const own = await collectDns({ zones: spf('v=spf1 ptr include:spf.protection.outlook.com -all') });
    const r = runCheck(check, { artifacts: own.artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/ptr mechanism \(contoso\.com\).*RFC 7208 §5\.5/);
    const nested = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /v=spf1/,
          add: [
            '@ IN TXT "v=spf1 include:_spf.contoso.com -all"',
            '_spf IN TXT "v=spf1 ptr:contoso.com ~all"',
          ],
        }),
      },
    });
    expect(runCheck(check, { artifacts: nested.artifacts }).findings[0]?.message).toMatch(
      /\(_spf\.contoso\.com\)/,
    );
  });

  // RFC 7208 §4.5: records that do not *begin* with "v=spf1" followed by a space or the end are discarded.
  it('a TXT with leading whitespace or "v=spf10" is not an SPF record (RFC 7208 §4.5)', async () => {
    for (const record of [' v=spf1 -all', 'v=spf10 -all']) {
      const { artifacts } = await collectDns({ zones: spf(record) });
      const r = runCheck(check, { artifacts });
      expect(r.status, record).toBe('fail');
      expect(r.findings[0]?.message).toMatch(/No SPF record/);
    }
    // Case-insensitive version (§4.5) still counts.
    const upper = await collectDns({ zones: spf('V=SPF1 include:spf.protection.outlook.com -all') });
    expect(runCheck(check, { artifacts: upper.artifacts }).status).toBe('pass');
  });

  it('a record that only matched after trimming (older snapshot) is not counted', () => {
    const tree = {
      domain: 'contoso.com',
      state: 'noerror',
      records: [' v=spf1 -all'],
      terms: [],
      errors: [],
    };
    const artifacts = {
      'dns.spf': {
        'contoso.com': {
          domain: 'contoso.com',
          tree,
          lookups: 0,
          voidLookups: 0,
          result: 'none',
          errors: [],
        },
      },
    };
    expect(runCheck(check, { artifacts } as never).status).toBe('fail');
  });

  it('a malformed macro is a syntax error (RFC 7208 §7.1, permerror §4.6)', async () => {
    const { artifacts } = await collectDns({ zones: spf('v=spf1 exists:%{x}.contoso.com -all') });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/unknown macro letter "x"/);
  });
});
