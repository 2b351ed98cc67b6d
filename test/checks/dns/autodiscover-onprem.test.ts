import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/autodiscover-onprem.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const autodiscover = (add: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /^autodiscover/, add }),
});
const scps = (url: string) => ({
  'ldap.autodiscoverScps': [{ dn: 'CN=EX01,CN=Autodiscover', server: 'EX01', urls: [url] }],
});

describe('dns.autodiscover-onprem', () => {
  it('passes when the CNAME reaches the on-prem host named by the AD SCP', async () => {
    const { artifacts } = await collectDns({
      upstream: scps('https://mail.contoso.com/Autodiscover/Autodiscover.xml'),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/on-premises \(host mail.contoso.com is in AD\)/);
  });

  it('passes without AD, saying the on-prem host is not confirmed', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts, notConfigured: ['ldap'] });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/AD not scanned/);
  });

  it('fails when autodiscover CNAMEs to autodiscover.outlook.com', async () => {
    const { artifacts } = await collectDns({
      zones: autodiscover(['autodiscover IN CNAME autodiscover.outlook.com.']),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(
      /points to the cloud \(autodiscover.contoso.com → autodiscover.outlook.com\)/,
    );
  });

  it('counts on-prem mailboxes from AD: a cloud CNAME with none left is only a warning', async () => {
    const user = (dn: string, type: string) => ({
      dn,
      proxyAddresses: [],
      objectGuid: 'AA==',
      msExchRecipientTypeDetails: type,
    });
    const { artifacts } = await collectDns({
      zones: autodiscover(['autodiscover IN CNAME autodiscover.outlook.com.']),
    });
    const withAlice = runCheck(check, {
      artifacts: { ...artifacts, 'ldap.users': [user('CN=alice', '1'), user('CN=bob', '2147483648')] },
    });
    expect(withAlice.status).toBe('fail');
    expect(withAlice.findings[0]?.message).toMatch(/on-premises mailboxes \(1 in AD\) cannot be discovered/);
    const allMoved = runCheck(check, {
      artifacts: {
        ...artifacts,
        'ldap.users': [user('CN=bob', '2147483648'), user('CN=carol', '2147483648')],
      },
    });
    expect(allMoved.status).toBe('warn');
  });

  it('fails when autodiscover does not resolve, and warns on an SRV elsewhere', async () => {
    const gone = await collectDns({ zones: autodiscover([]) });
    expect(runCheck(check, { artifacts: gone.artifacts }).findings[0]?.message).toMatch(
      /does not resolve \(nxdomain\)/,
    );
    const srv = await collectDns({
      zones: autodiscover([
        'autodiscover IN CNAME mail.contoso.com.',
        '_autodiscover._tcp IN SRV 0 0 443 autodiscover.outlook.com.',
      ]),
      upstream: scps('https://mail.contoso.com/Autodiscover/Autodiscover.xml'),
    });
    const r = runCheck(check, { artifacts: srv.artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/SRV points to autodiscover.outlook.com/);
  });

  it('warns when it resolves to a host AD does not know', async () => {
    const { artifacts } = await collectDns({
      upstream: scps('https://ex01.corp.contoso.com/Autodiscover/Autodiscover.xml'),
    });
    expect(runCheck(check, { artifacts }).status).toBe('warn');
  });

  it('is an error when the lookup times out', async () => {
    const { artifacts } = await collectDns({ faults: { timeout: ['autodiscover.contoso.com/AAAA'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
