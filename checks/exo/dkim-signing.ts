import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { isMicrosoftOwnedDomain } from '../../src/model/microsoft-domains.ts';
import { listText, originEvidence, originText } from './common.ts';

export default defineCheck({
  id: 'exo.dkim-signing',
  area: 'exo',
  severity: 'warn',
  targetKind: 'domain',
  title: 'Exchange Online signs mail of every custom domain with DKIM',
  failureTitle: 'Exchange Online does not DKIM-sign mail of some custom domains',
  description:
    'Exchange Online signs outbound mail of a custom domain with its own DKIM key only when Get-DkimSigningConfig has the domain Enabled (with the selector1/selector2 CNAMEs published); otherwise it signs with the onmicrosoft.com key and DMARC alignment for the domain fails. dns.dkim-selectors checks the published CNAMEs; its options.expected takes the Selector1CNAME/Selector2CNAME values shown here.',
  remediation: {
    text: 'Publish the two CNAMEs (selector1/selector2._domainkey.<domain>) Exchange Online shows, then enable signing.',
    powershell: [
      'Get-DkimSigningConfig | Format-List Domain,Enabled,Status,Selector1CNAME,Selector2CNAME',
      'New-DkimSigningConfig -DomainName <domain> -Enabled $false',
      'Set-DkimSigningConfig -Identity <domain> -Enabled $true',
    ],
  },
  docs: ['https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure'],
  requires: ['exo.dkimSigningConfig'],
  optional: ['exo.acceptedDomains', 'graph.domains'],
  confidence: 'confirmed',
  run({ artifacts, settings }) {
    const dkim = artifacts['exo.dkimSigningConfig'];
    const base = originEvidence(dkim);
    const src = originText(dkim);
    // The custom mail domains: Exchange Online's accepted domains, else Entra's verified Email domains, else the config.
    const accepted = artifacts['exo.acceptedDomains']?.domains.map((d) => d.domainName);
    const verified = artifacts['graph.domains']
      ?.filter((d) => d.isVerified && d.supportedServices.includes('Email'))
      .map((d) => d.id);
    const domains = [
      ...new Set((accepted ?? verified ?? settings.domains).map((d) => d.trim().toLowerCase())),
    ].filter((d) => d && !isMicrosoftOwnedDomain(d));
    const byDomain = new Map(dkim.items.map((c) => [c.domain.trim().toLowerCase(), c]));
    const findings: Finding[] = domains.map((d) => {
      const c = byDomain.get(d);
      const evidence = {
        ...base,
        enabled: c?.enabled ?? null,
        status: c?.status ?? null,
        selector1Cname: c?.selector1Cname ?? null,
        selector2Cname: c?.selector2Cname ?? null,
      };
      if (!c)
        return {
          target: d,
          status: 'warn',
          message: `No DKIM signing config: Exchange Online signs with the onmicrosoft.com key, DMARC does not align [${src}]`,
          evidence,
        };
      if (!c.enabled)
        return {
          target: d,
          status: 'warn',
          message: `DKIM signing is disabled${c.status ? ` (Status ${c.status})` : ''} [${src}]`,
          evidence,
        };
      if (c.status && !/^valid$/i.test(c.status))
        return {
          target: d,
          status: 'warn',
          message: `DKIM signing enabled but Status ${c.status} (the CNAMEs ${listText([c.selector1Cname, c.selector2Cname].filter((x): x is string => !!x))} may be missing) [${src}]`,
          evidence,
        };
      return {
        target: d,
        status: 'pass',
        message: `DKIM signing enabled${c.status ? ` (Status ${c.status})` : ''} [${src}]`,
        evidence,
      };
    });
    if (findings.length === 0)
      findings.push({
        target: 'custom domains',
        status: 'info',
        message: `No custom mail domain known (no Exchange Online accepted domains, Entra domains or config domains) [${src}]`,
        evidence: base,
      });
    return findings;
  },
});
