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
});
