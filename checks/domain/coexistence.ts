import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'domain.coexistence',
  area: 'domain',
  severity: 'fail',
  targetKind: 'domain',
  title: 'The coexistence (routing) domain exists on both sides',
  failureTitle: 'The coexistence domain <tenant>.mail.onmicrosoft.com is missing',
  description:
    'The Hybrid Configuration Wizard adds <tenant>.mail.onmicrosoft.com to the tenant and as an accepted domain on-premises. Remote mailboxes route to it (targetAddress), and Autodiscover redirects for cloud mailboxes depend on it.',
  remediation: {
    text: 'Re-run the Hybrid Configuration Wizard. It adds the coexistence domain on-premises and stamps the routing address through the email address policy.',
    powershell: [
      'New-AcceptedDomain -Name <tenant>.mail.onmicrosoft.com -DomainName <tenant>.mail.onmicrosoft.com',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-configuration-wizard',
    'https://learn.microsoft.com/exchange/hybrid-deployment/manage-hybrid-exchange-recipients-with-management-tools',
  ],
  requires: ['graph.domains'],
  optional: ['ldap.acceptedDomains'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const domains = artifacts['graph.domains'];
    const initial = domains.find((d) => d.isInitial);
    if (!initial)
      return [
        {
          target: 'tenant',
          status: 'error',
          message: 'No initial (*.onmicrosoft.com) domain in Graph /domains',
          evidence: { domains: domains.map((d) => d.id) },
        },
      ];
    const expected = initial.id.toLowerCase().replace(/\.onmicrosoft\.com$/, '.mail.onmicrosoft.com');
    const cloud = domains.find((d) => d.id.toLowerCase() === expected);
    const accepted = artifacts['ldap.acceptedDomains'];
    const findings: Finding[] = [];
    const evidence = {
      initialDomain: initial.id,
      cloud: cloud ? { isVerified: cloud.isVerified, supportedServices: cloud.supportedServices } : null,
    };
    if (!cloud)
      findings.push({
        target: expected,
        status: 'fail',
        message: 'Not in the tenant (Graph /domains)',
        evidence,
      });
    else if (!cloud.isVerified || !cloud.supportedServices.includes('Email'))
      findings.push({
        target: expected,
        status: 'fail',
        message: 'In the tenant but not verified for Email',
        evidence,
      });
    if (accepted) {
      const onPrem = accepted.find((a) => a.domain.toLowerCase() === expected);
      const onPremEvidence = {
        ...evidence,
        onPremAcceptedDomain: onPrem ? { dn: onPrem.dn, type: onPrem.type } : null,
      };
      if (!onPrem)
        findings.push({
          target: expected,
          status: 'fail',
          message:
            'Not an accepted domain on-premises (remote routing and Autodiscover redirection depend on it)',
          evidence: onPremEvidence,
        });
      else if (findings.length === 0)
        findings.push({
          target: expected,
          status: 'pass',
          message: `In the tenant and an on-premises accepted domain (${onPrem.type})`,
          evidence: onPremEvidence,
        });
    } else if (findings.length === 0) {
      findings.push({
        target: expected,
        status: 'pass',
        message: 'In the tenant and verified for Email (on-premises side not checked: no LDAP data)',
        evidence,
      });
    }
    return findings;
  },
});
