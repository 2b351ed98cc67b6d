import { describe, expect, it } from 'vitest';
import check from '../../../checks/domain/expected-records-drift.ts';
import type { GraphDnsRecord } from '../../../src/evidence/graph.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

/** What Graph's serviceConfigurationRecords return for contoso.com (Email records). */
const EXPECTED: Record<string, GraphDnsRecord[]> = {
  'contoso.com': [
    {
      recordType: 'Mx',
      label: 'contoso.com',
      supportedService: 'Email',
      mailExchange: 'contoso-com.mail.protection.outlook.com',
      preference: 0,
      ttl: 3600,
    },
    {
      recordType: 'Txt',
      label: 'contoso.com',
      supportedService: 'Email',
      text: 'v=spf1 include:spf.protection.outlook.com -all',
      ttl: 3600,
    },
    {
      recordType: 'CName',
      label: 'autodiscover.contoso.com',
      supportedService: 'Email',
      canonicalName: 'autodiscover.outlook.com',
      ttl: 3600,
    },
    {
      recordType: 'CName',
      label: 'lyncdiscover.contoso.com',
      supportedService: 'OfficeCommunicationsOnline',
      canonicalName: 'webdir.online.lync.com',
    },
  ],
  'contoso.onmicrosoft.com': [],
};

describe('domain.expected-records-drift', () => {
  it('passes in a hybrid whose autodiscover points on-premises (the cloud CNAME is not expected)', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, {
      artifacts: { ...artifacts, 'graph.domainRecords': EXPECTED },
      notConfigured: ['ldap'],
    });
    expect(r.status).toBe('pass');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message).toBe('3 expected records match (hybrid: autodiscover judged on-premises)');
  });

  it('warns on the autodiscover difference when configured as cloud-only, and on a missing SPF include', async () => {
    const { artifacts } = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /v=spf1/,
          add: ['@ IN TXT "v=spf1 ip4:203.0.113.10 -all"'],
        }),
      },
    });
    const r = runCheck(check, {
      artifacts: { ...artifacts, 'graph.domainRecords': EXPECTED },
      setting: { options: { hybrid: 'no' } },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/TXT contoso.com: SPF lacks include:spf.protection.outlook.com/);
    expect(r.findings[0]?.message).toMatch(/CNAME autodiscover.contoso.com: missing or different/);
  });

  it('reports an MX elsewhere as info (a legitimate routing choice)', async () => {
    const { artifacts } = await collectDns({
      zones: {
        'contoso.com': editZone(readyZones()['contoso.com']!, {
          drop: /IN MX/,
          add: ['@ IN MX 10 mail.contoso.com.'],
        }),
      },
    });
    const r = runCheck(check, { artifacts: { ...artifacts, 'graph.domainRecords': EXPECTED } });
    expect(r.status).toBe('info');
  });

  it('is an error when a live lookup SERVFAILs, and errors when Graph failed', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['autodiscover.contoso.com/CNAME'] } });
    expect(runCheck(check, { artifacts: { ...artifacts, 'graph.domainRecords': EXPECTED } }).status).toBe(
      'error',
    );
    const r = runCheck(check, {
      artifacts,
      errors: {
        'graph.domainRecords': { message: 'HTTP 403', code: 'FORBIDDEN', permission: 'Domain.Read.All' },
      },
    });
    expect(r.status).toBe('error');
    expect(r.reason).toMatch(/Domain.Read.All/);
  });
});
