import { describe, expect, it } from 'vitest';
import check, { microsoftDkimTarget } from '../../../checks/dns/dkim-selectors.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const selectors = (add: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /_domainkey/, add }),
});

describe('dns.dkim-selectors', () => {
  it('passes when both selectors CNAME to the tenant and publish keys', async () => {
    const { artifacts } = await collectDns();
    expect(runCheck(check, { artifacts }).status).toBe('pass');
  });

  it('warns when selector2 is missing and when a target has no key', async () => {
    const { artifacts } = await collectDns({
      zones: selectors([
        'selector1._domainkey IN CNAME selector1-contoso-com._domainkey.contoso.onmicrosoft.com.',
      ]),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/selector2._domainkey.contoso.com does not exist \(nxdomain\)/);

    const noKey = await collectDns({
      zones: {
        'dkim.mail.microsoft':
          '$ORIGIN dkim.mail.microsoft.\n@ IN SOA ns1.dkim.mail.microsoft. h.dkim.mail.microsoft. ( 1 3600 600 86400 300 )\n',
        ...selectors([
          'selector1._domainkey IN CNAME selector1-contoso-com._domainkey.contoso.onmicrosoft.com.',
          'selector2._domainkey IN CNAME selector2-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft.',
        ]),
      },
    });
    expect(runCheck(check, { artifacts: noKey.artifacts }).findings[0]?.message).toMatch(
      /selector2: the target .* publishes no DKIM key/,
    );
  });

  it('compares with Get-DkimSigningConfig values when given', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, {
      artifacts,
      setting: {
        options: {
          expected: {
            'contoso.com': { selector1: 'selector1-contoso-com._domainkey.other.onmicrosoft.com' },
          },
        },
      },
    });
    expect(r.status).toBe('warn');
  });

  it('warns when a legacy target belongs to another tenant than the scanned one', async () => {
    const { artifacts } = await collectDns();
    expect(runCheck(check, { artifacts, settings: { tenant: 'contoso.onmicrosoft.com' } }).status).toBe(
      'pass',
    );
    const r = runCheck(check, { artifacts, settings: { tenant: 'fabrikam.onmicrosoft.com' } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/belongs to another tenant than fabrikam.onmicrosoft.com/);
  });

  it('recognises both Microsoft target formats', () => {
    expect(
      microsoftDkimTarget(
        'selector1',
        'contoso.com',
        'selector1-contoso-com._domainkey.contoso.onmicrosoft.com',
      ),
    ).toBe('legacy');
    expect(
      microsoftDkimTarget(
        'selector1',
        'contoso.com',
        'selector1-contoso-com._domainkey.contoso.n-v1.dkim.mail.microsoft',
      ),
    ).toBe('dkim.mail.microsoft');
    expect(
      microsoftDkimTarget('selector1', 'contoso.com', 'selector1-contoso-com._domainkey.evil.example'),
    ).toBeUndefined();
  });

  it('is an error when a selector lookup times out', async () => {
    const { artifacts } = await collectDns({
      faults: { timeout: ['selector2-contoso-com._domainkey.contoso.onmicrosoft.com'] },
    });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
