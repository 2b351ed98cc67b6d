import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'domain.verified-email',
  area: 'domain',
  severity: 'fail',
  targetKind: 'domain',
  title: 'Every mail domain is verified in the tenant with the Email service',
  failureTitle: 'A mail domain is not verified for Email in the tenant',
  description:
    'Exchange Online accepts mail and stamps addresses only for domains verified in the tenant with the Email service. Every authoritative on-premises domain must be registered, or mailboxes moved to the cloud lose their addresses and mail flow breaks.',
  remediation: {
    text: 'Add the domain, create the TXT verification record, and select Exchange (Email) as a service for it.',
    portal: 'Microsoft 365 admin center > Settings > Domains > Add domain',
    dns: ['<domain>. TXT "MS=<value shown in the admin center>"'],
  },
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
    'https://learn.microsoft.com/graph/api/resources/domain',
  ],
  requires: ['graph.domains'],
  optional: ['ldap.acceptedDomains', 'graph.users'],
  confidence: 'confirmed',
  run({ artifacts, settings }) {
    const cloud = new Map(artifacts['graph.domains'].map((d) => [d.id.toLowerCase(), d]));
    const accepted = artifacts['ldap.acceptedDomains'];
    // Mail domains: authoritative accepted domains on-prem (when LDAP ran) plus the configured ones.
    const origin = new Map<string, string>();
    for (const d of settings.domains) origin.set(d.toLowerCase(), 'config');
    for (const a of accepted ?? [])
      if (a.type === 'Authoritative' && !/\.onmicrosoft\.com$/i.test(a.domain))
        origin.set(
          a.domain.toLowerCase(),
          origin.has(a.domain.toLowerCase())
            ? 'config and on-prem accepted domain'
            : 'on-prem accepted domain',
        );
    // Without either, the domains of the users' primary SMTP addresses.
    if (origin.size === 0)
      for (const u of artifacts['graph.users'] ?? []) {
        const smtp = u.proxyAddresses.find((p) => p.startsWith('SMTP:'))?.slice(5) ?? u.mail ?? '';
        const domain = smtp.split('@')[1]?.toLowerCase();
        if (domain && !domain.endsWith('.onmicrosoft.com'))
          origin.set(domain, 'primary SMTP address of users');
      }
    if (origin.size === 0)
      return [
        {
          target: 'mail domains',
          status: 'error',
          message:
            'No mail domains to check: set `domains` in the config or configure LDAP (accepted domains)',
        },
      ];
    return [...origin].map(([name, from]): Finding => {
      const d = cloud.get(name);
      const evidence = {
        origin: from,
        isVerified: d?.isVerified,
        supportedServices: d?.supportedServices,
        authenticationType: d?.authenticationType,
      };
      if (!d) return { target: name, status: 'fail', message: 'Not added to the tenant', evidence };
      if (!d.isVerified)
        return { target: name, status: 'fail', message: 'Added to the tenant but not verified', evidence };
      if (!d.supportedServices.includes('Email'))
        return {
          target: name,
          status: 'fail',
          message: `Verified, but the Email service is not enabled (services: ${d.supportedServices.join(', ') || 'none'})`,
          evidence,
        };
      return { target: name, status: 'pass', message: 'Verified with the Email service', evidence };
    });
  },
});
