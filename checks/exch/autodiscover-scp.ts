import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'exch.autodiscover-scp',
  area: 'exch',
  severity: 'warn',
  targetKind: 'object',
  title: 'Autodiscover SCPs present and not stale',
  failureTitle: 'Autodiscover service connection points are missing or stale',
  description:
    'Domain-joined clients (MailStore Server among them) find Autodiscover through service connection points in AD first. An SCP of a removed server or a non-HTTPS URL sends them to a dead or insecure endpoint.',
  remediation: {
    text: 'Set the Autodiscover internal URI on every server; remove SCPs of decommissioned servers (ADSI Edit).',
    powershell: [
      'Set-ClientAccessService <server> -AutoDiscoverServiceInternalUri https://autodiscover.<domain>/Autodiscover/Autodiscover.xml',
    ],
  },
  docs: ['https://learn.microsoft.com/exchange/architecture/client-access/autodiscover'],
  requires: ['ldap.autodiscoverScps', 'ldap.exchangeServers'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const scps = artifacts['ldap.autodiscoverScps'];
    const servers = new Set(artifacts['ldap.exchangeServers'].map((s) => s.name.toLowerCase()));
    if (scps.length === 0)
      return [
        {
          target: 'Autodiscover SCP',
          status: 'warn',
          message: 'No Autodiscover service connection points in the configuration partition',
        },
      ];
    const findings: Finding[] = [];
    for (const scp of scps) {
      const evidence = {
        dn: scp.dn,
        urls: scp.urls,
        site: scp.site,
        kind: scp.kind,
        whenChanged: scp.whenChanged,
      };
      const target = `${scp.server}${scp.kind === 'pointer' ? ' (pointer)' : ''}`;
      if (!servers.has(scp.server.toLowerCase())) {
        findings.push({
          target,
          status: 'warn',
          message: `SCP of ${scp.server}, which is no longer an Exchange server (stale)`,
          evidence,
        });
        continue;
      }
      if (scp.kind === 'pointer') {
        findings.push({
          target,
          status: 'pass',
          message: `Pointer SCP to ${scp.urls.join(', ') || '(no binding)'}`,
          evidence,
        });
        continue;
      }
      const bad = scp.urls.filter((u) => !/^https:\/\//i.test(u));
      if (scp.urls.length === 0)
        findings.push({
          target,
          status: 'warn',
          message: 'SCP has no serviceBindingInformation URL',
          evidence,
        });
      else if (bad.length)
        findings.push({
          target,
          status: 'warn',
          message: `SCP URL is not HTTPS: ${bad.join(', ')}`,
          evidence,
        });
      else
        findings.push({
          target,
          status: 'pass',
          message: `${scp.urls.join(', ')}${scp.site ? ` (site ${scp.site})` : ''}; certificate coverage is checked by http.tls-certificate`,
          evidence,
        });
    }
    return findings;
  },
});
