import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/dmarc.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const dmarc = (add: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /^_dmarc/, add }),
});

describe('dns.dmarc', () => {
  it('passes with p=quarantine', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('DMARC p=quarantine');
  });

  it('warns on p=none and on a missing record', async () => {
    const none = await collectDns({
      zones: dmarc(['_dmarc IN TXT "v=DMARC1; p=none; rua=mailto:d@contoso.com"']),
    });
    expect(runCheck(check, { artifacts: none.artifacts }).findings[0]?.message).toMatch(/p=none/);
    const missing = await collectDns({ zones: dmarc([]) });
    expect(runCheck(check, { artifacts: missing.artifacts }).status).toBe('warn');
  });

  it('falls back to the organisational domain for a subdomain (sp= applies)', async () => {
    const zone = editZone(readyZones()['contoso.com']!, {
      add: [
        'eu IN MX 10 contoso-com.mail.protection.outlook.com.',
        '_dmarc IN TXT "v=DMARC1; p=reject; sp=none"',
      ],
      drop: /^_dmarc/,
    });
    const { artifacts } = await collectDns({ zones: { 'contoso.com': zone }, domains: ['eu.contoso.com'] });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      'DMARC policy is p=none (monitoring only), inherited from contoso.com',
    );
  });

  it('is an error when _dmarc SERVFAILs', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['_dmarc.contoso.com'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
