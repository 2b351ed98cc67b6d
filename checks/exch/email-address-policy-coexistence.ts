import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { coexistenceDomain } from './onprem-helpers.ts';

const options = z.strictObject({
  /** The tenant's routing domain; default: <tenant>.mail.onmicrosoft.com from the config's tenant. */
  coexistenceDomain: z.string().optional(),
});

export default defineCheck({
  id: 'exch.email-address-policy-coexistence',
  area: 'exch',
  severity: 'warn',
  targetKind: 'rule',
  title: 'Email address policies stamp the coexistence address',
  failureTitle: 'Email address policies lack the coexistence (routing) address',
  description:
    'The HCW adds smtp:@<tenant>.mail.onmicrosoft.com as a secondary template to email address policies. Without it new mailboxes get no routing address and cannot be moved to, or routed to, Exchange Online.',
  remediation: {
    text: 'Add the coexistence address template and apply the policy, or re-run the HCW.',
    powershell: [
      'Set-EmailAddressPolicy <policy> -EnabledEmailAddressTemplates @{Add="smtp:@<tenant>.mail.onmicrosoft.com"}',
      'Update-EmailAddressPolicy <policy>',
    ],
  },
  docs: ['https://learn.microsoft.com/exchange/exchange-hybrid'],
  requires: ['ldap.emailAddressPolicies'],
  optional: ['ldap.acceptedDomains'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const policies = artifacts['ldap.emailAddressPolicies'];
    const coex = coexistenceDomain(opts.coexistenceDomain, settings, artifacts['ldap.acceptedDomains']);
    if (policies.length === 0)
      return [
        {
          target: 'CN=Recipient Policies',
          status: 'warn',
          message:
            'No email address policies found (attribute/class names unconfirmed for Exchange 2016+): verify Get-EmailAddressPolicy by hand',
        },
      ];
    if (!coex)
      return [
        {
          target: 'coexistence domain',
          status: 'warn',
          message:
            'The coexistence domain is unknown: set `tenant` in the config or checks.exch.email-address-policy-coexistence.options.coexistenceDomain',
        },
      ];
    const findings: Finding[] = [];
    for (const p of policies) {
      if (p.templates.length === 0) continue;
      const has = p.templates.some((t) => t.toLowerCase() === `smtp:@${coex}`);
      findings.push({
        target: p.name,
        status: has ? 'pass' : 'warn',
        message: has ? `Stamps smtp:@${coex}` : `No smtp:@${coex} template`,
        evidence: { templates: p.templates, recipientFilter: p.recipientFilter, order: p.order },
      });
    }
    if (findings.length === 0)
      return [
        {
          target: 'CN=Recipient Policies',
          status: 'warn',
          message: 'No policy has enabled address templates (gatewayProxy)',
        },
      ];
    return findings;
  },
});
