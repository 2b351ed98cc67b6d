import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/mx-topology.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const contoso = (add: string[]) => ({
  'contoso.com': editZone(readyZones()['contoso.com']!, { drop: /IN MX/, add }),
});

describe('dns.mx-topology', () => {
  it('classifies an EOP MX as Exchange Online (info)', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/Exchange Online \(contoso-com.mail.protection.outlook.com\)/);
  });

  it('warns on a split between Exchange Online and on-premises at the same preference', async () => {
    const { artifacts } = await collectDns({
      zones: contoso(['@ IN MX 10 contoso-com.mail.protection.outlook.com.', '@ IN MX 10 mail.contoso.com.']),
      upstream: {
        'ldap.autodiscoverScps': [
          { dn: 'CN=EX01', server: 'EX01', urls: ['https://mail.contoso.com/Autodiscover/Autodiscover.xml'] },
        ],
      },
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/preference 10 has exchange-online and on-premises/);
  });

  it('recognises the DANE endpoint *.mx.microsoft and a third-party gateway as backup', async () => {
    const { artifacts } = await collectDns({
      zones: contoso(['@ IN MX 0 contoso-com.p-v1.mx.microsoft.', '@ IN MX 50 msgw.example.net.']),
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.evidence?.targets).toEqual([
      { preference: 0, host: 'contoso-com.p-v1.mx.microsoft', kind: 'exchange-online-dane' },
      { preference: 50, host: 'msgw.example.net', kind: 'third-party' },
    ]);
  });

  it('is an error when the MX lookup times out', async () => {
    const { artifacts } = await collectDns({ faults: { timeout: ['contoso.com/MX'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
