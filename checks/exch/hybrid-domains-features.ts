import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { isMicrosoftOwnedDomain } from '../../src/model/microsoft-domains.ts';
import { domainOfAddress, smtpAddresses } from '../../src/model/primary-smtp.ts';
import { isUserFacingMailbox } from '../../src/model/recipient-types.ts';

export default defineCheck({
  id: 'exch.hybrid-domains-features',
  area: 'exch',
  severity: 'warn',
  targetKind: 'domain',
  title: 'Hybrid covers every mail domain, with secure mail on',
  failureTitle: 'Hybrid configuration misses mail domains or secure mail',
  description:
    'The HCW configures mail flow and free/busy for the domains it lists. A mail domain missing there, the SecureMail feature off, or no TLS certificate name means mail between on-premises and Exchange Online is not mutually authenticated TLS.',
  remediation:
    'Re-run the Hybrid Configuration Wizard, select every accepted domain that mailboxes use and the certificate for secure mail transport.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-configuration-wizard',
    'https://github.com/microsoft/CSS-Exchange/blob/main/docs/Diagnostics/HealthChecker/CloudConnectorCheck.md',
  ],
  dependsOn: ['exch.hybrid-config-object'],
  requires: ['ldap.hybridConfiguration', 'ldap.acceptedDomains'],
  optional: ['ldap.users'],
  confidence: 'decompiled',
  run({ artifacts }) {
    const hc = artifacts['ldap.hybridConfiguration'];
    if (!hc)
      return [
        {
          target: 'CN=Hybrid Configuration',
          status: 'warn',
          message: 'No HybridConfiguration object (see exch.hybrid-config-object)',
        },
      ];
    const authoritative = artifacts['ldap.acceptedDomains']
      .filter((d) => d.type === 'Authoritative' && !isMicrosoftOwnedDomain(d.domain))
      .map((d) => d.domain);
    const users = artifacts['ldap.users'];
    let mailDomains = authoritative;
    let basis = 'authoritative accepted domains';
    if (users) {
      const used = new Set<string>();
      for (const u of users) {
        if (!isUserFacingMailbox(u.msExchRecipientTypeDetails)) continue;
        for (const a of smtpAddresses(u.proxyAddresses).all) used.add(domainOfAddress(a) ?? '');
      }
      mailDomains = authoritative.filter((d) => used.has(d));
      basis = 'authoritative accepted domains used by mailboxes';
    }
    const covered = new Set(hc.domains.map((d) => d.toLowerCase()));
    const findings: Finding[] = [];
    for (const d of mailDomains)
      if (!covered.has(d))
        findings.push({
          target: d,
          status: 'warn',
          message: `Mail domain ${d} is not in the hybrid configuration's domains`,
          evidence: { hybridDomains: hc.domains, basis },
        });
    const evidence = {
      features: hc.features,
      featureFlags: hc.featureFlags,
      tlsCertificateName: hc.tlsCertificateName,
    };
    if (hc.featureFlags === undefined)
      findings.push({
        target: 'SecureMail',
        status: 'warn',
        message:
          'msExchCoexistenceFeatureFlags is absent (attribute name decompiled): cannot tell whether secure mail is on',
        evidence,
      });
    else if (!hc.features.includes('SecureMail'))
      findings.push({
        target: 'SecureMail',
        status: 'warn',
        message: 'The SecureMail feature (TLS-secured hybrid mail flow) is not enabled',
        evidence,
      });
    if (!hc.tlsCertificateName)
      findings.push({
        target: 'TlsCertificateName',
        status: 'warn',
        message: 'No TLS certificate name for hybrid mail flow',
        evidence,
      });
    else if (!/^<I>.+<S>.+$/.test(hc.tlsCertificateName))
      findings.push({
        target: 'TlsCertificateName',
        status: 'warn',
        message: 'TLS certificate name is not in the <I>issuer<S>subject form',
        evidence,
      });
    if (findings.length) return findings;
    return [
      {
        target: hc.domains.join(', '),
        status: 'pass',
        message: `Hybrid covers ${mailDomains.length} mail domain(s) with secure mail`,
        evidence: { ...evidence, mailDomains, basis },
      },
    ];
  },
});
