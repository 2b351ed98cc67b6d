import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/mx-resolves.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const contoso = (edit: Parameters<typeof editZone>[1]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, edit),
});

describe('dns.mx-resolves', () => {
  it('passes when the MX host has addresses', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.addresses).toEqual({
      'contoso-com.mail.protection.outlook.com': ['52.101.68.10', '52.101.68.11', '2a01:111:f403:c902::10'],
    });
  });

  it('fails for an MX host without an address record', async () => {
    const { artifacts } = await collectDns({
      zones: contoso({
        drop: /IN MX/,
        add: ['@ IN MX 10 mx-old.contoso.com.', '@ IN MX 20 contoso-com.mail.protection.outlook.com.'],
      }),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toContain('mx-old.contoso.com');
  });

  it('fails on a null MX (RFC 7505) and on a missing MX', async () => {
    const nullMx = await collectDns({ zones: contoso({ drop: /IN MX/, add: ['@ IN MX 0 .'] }) });
    expect(runCheck(check, { artifacts: nullMx.artifacts }).findings[0]?.message).toMatch(/Null MX/);
    const none = await collectDns({ zones: contoso({ drop: /IN MX/ }) });
    const r = runCheck(check, { artifacts: none.artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/No MX record/);
  });

  it('warns when an MX host is a CNAME (RFC 2181 §10.3)', async () => {
    const { artifacts } = await collectDns({
      zones: contoso({
        drop: /IN MX/,
        add: ['@ IN MX 10 smtp.contoso.com.', 'smtp IN CNAME mail.contoso.com.'],
      }),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/smtp.contoso.com is an alias \(CNAME\)/);
  });

  it('is an error, not a failure, when the MX lookup SERVFAILs', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['contoso.com/MX'] } });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('error');
    expect(r.findings[0]?.message).toMatch(/SERVFAIL/);
  });

  it('is an error when an MX host lookup times out', async () => {
    const { artifacts } = await collectDns({
      faults: { timeout: ['contoso-com.mail.protection.outlook.com/AAAA'] },
    });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
