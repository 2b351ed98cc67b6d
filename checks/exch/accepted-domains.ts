import { defineCheck } from '../../src/engine/define-check.ts';

export default defineCheck({
  id: 'exch.accepted-domains',
  area: 'exch',
  severity: 'info',
  targetKind: 'domain',
  title: 'Accepted domains inventory',
  failureTitle: 'Accepted domains inventory',
  description:
    'The on-premises accepted domains: which mail domains Exchange is authoritative for, which one is the default, and whether the tenant coexistence domain is present. Other checks use this list.',
  remediation: 'Nothing to change; review that every mail domain is listed as Authoritative.',
  docs: ['https://learn.microsoft.com/exchange/mail-flow/accepted-domains/accepted-domains'],
  requires: ['ldap.acceptedDomains'],
  confidence: 'decompiled',
  run({ artifacts }) {
    const domains = artifacts['ldap.acceptedDomains'];
    if (domains.length === 0)
      return [
        {
          target: 'accepted domains',
          status: 'info',
          message: 'No accepted domains found under the Exchange organisation',
        },
      ];
    return domains.map((d) => ({
      target: d.domain,
      status: 'info' as const,
      message: `${d.type}${d.isDefault ? ', default' : ''}${d.isCoexistenceDomain || d.domain.endsWith('.mail.onmicrosoft.com') ? ', coexistence (routing) domain' : ''}`,
      evidence: {
        dn: d.dn,
        flags: d.flags,
        type: d.type,
        isDefault: d.isDefault,
        matchSubDomains: d.matchSubDomains,
        note: 'Flag bit meanings are decompiled (AcceptedDomainSchema), the type mapping unconfirmed.',
      },
    }));
  },
});
