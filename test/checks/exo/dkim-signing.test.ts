import { describe, expect, it } from 'vitest';
import check from '../../../checks/exo/dkim-signing.ts';
import type { ExoDkimSigningConfig } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { EXO_DOMAINS, live, SETTINGS } from './fixtures.ts';

// Rule: Use DKIM to validate outbound email sent from your custom domain
// (https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure): a custom
// domain is signed with its own key only when Get-DkimSigningConfig shows it Enabled; without it
// Exchange Online signs with the *.onmicrosoft.com key.
const CONTOSO: ExoDkimSigningConfig = {
  domain: 'contoso.com',
  enabled: true,
  status: 'Valid',
  selector1Cname: 'selector1-contoso-com._domainkey.contoso.y-v1.dkim.mail.microsoft',
  selector2Cname: 'selector2-contoso-com._domainkey.contoso.y-v1.dkim.mail.microsoft',
};
const run = (items: ExoDkimSigningConfig[]) =>
  runCheck(check, {
    artifacts: {
      'exo.dkimSigningConfig': live('Get-DkimSigningConfig', items),
      'exo.acceptedDomains': {
        origin: { via: 'admin-api', cmdlet: 'Get-AcceptedDomain' },
        domains: EXO_DOMAINS,
      },
    },
    settings: SETTINGS,
  });

describe('exo.dkim-signing', () => {
  it('passes when the custom domain is signed (onmicrosoft.com domains are not judged)', () => {
    const r = run([CONTOSO]);
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.target.label)).toEqual(['contoso.com']);
  });
  it('warns when disabled or missing', () => {
    expect(run([{ ...CONTOSO, enabled: false }]).findings[0]?.message).toMatch(/disabled/);
    expect(run([]).findings[0]?.message).toMatch(/No DKIM signing config/);
  });
  it('edge: enabled but the CNAMEs are missing (Status CnameMissing) warns', () => {
    expect(run([{ ...CONTOSO, status: 'CnameMissing' }]).status).toBe('warn');
  });
});
