import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/spf-covers-senders.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const spf = (record: string) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /v=spf1/, add: [`@ IN TXT "${record}"`] }),
});
const scps = {
  'ldap.autodiscoverScps': [
    { dn: 'CN=EX01', server: 'EX01', urls: ['https://mail.contoso.com/Autodiscover/Autodiscover.xml'] },
  ],
};

describe('dns.spf-covers-senders', () => {
  it('passes when EXO is included and the configured on-prem egress is covered', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts, setting: { options: { onPremEgress: ['203.0.113.10'] } } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.egress).toEqual([
      { ip: '203.0.113.10', result: 'pass', matched: 'ip4:203.0.113.10' },
    ]);
  });

  it('uses the AD hosts’ addresses as a heuristic egress (a:mail.contoso.com covers 127.0.0.1)', async () => {
    const { artifacts } = await collectDns({ upstream: scps });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/127.0.0.1 authorised \(heuristic/);
  });

  it('fails when include:spf.protection.outlook.com is missing and EXO sends directly', async () => {
    const { artifacts } = await collectDns({ zones: spf('v=spf1 ip4:203.0.113.10 -all') });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('fail');
    expect(runCheck(check, { artifacts, setting: { options: { exoSendsDirect: false } } }).status).toBe(
      'info',
    );
  });

  it('warns when a configured egress IP is not covered (softfail counts as not authorised)', async () => {
    const { artifacts } = await collectDns({ zones: spf('v=spf1 include:spf.protection.outlook.com ~all') });
    const r = runCheck(check, { artifacts, setting: { options: { onPremEgress: ['203.0.113.10'] } } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/203.0.113.10 → softfail/);
  });

  it('is an error when the include lookup fails', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['spf.protection.outlook.com'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
