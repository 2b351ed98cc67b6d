import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';

const options = z.strictObject({
  /** assignedPlans[].service values that mean Exchange Online (the string is unconfirmed; "exchange" expected). */
  services: z.array(z.string()).default(['exchange']),
});

export default defineCheck({
  id: 'tenant.exo-service-enabled',
  area: 'tenant',
  severity: 'fail',
  targetKind: 'tenant',
  title: 'Exchange Online is provisioned in the tenant',
  failureTitle: 'Exchange Online is not provisioned (or suspended) in the tenant',
  description:
    'A hybrid needs Exchange Online in the tenant: the organization must hold an enabled Exchange plan. Without it there are no cloud mailboxes to archive and no hybrid mail flow.',
  remediation: {
    text: 'Assign a subscription that includes Exchange Online (for example Microsoft 365 E3 or Exchange Online Plan 1/2) and check that it is not suspended.',
    portal: 'Microsoft 365 admin center > Billing > Your products',
  },
  docs: [
    'https://learn.microsoft.com/graph/api/resources/organization',
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
  ],
  requires: ['graph.organization'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, options: opts }) {
    const org = artifacts['graph.organization'];
    const target = org.displayName ? `${org.displayName} (${org.id})` : org.id;
    const wanted = new Set(opts.services.map((s) => s.toLowerCase()));
    const plans = (org.assignedPlans ?? []).filter((p) => wanted.has((p.service ?? '').toLowerCase()));
    const evidence = { exchangePlans: plans, services: opts.services };
    if (plans.some((p) => p.capabilityStatus === 'Enabled'))
      return [
        {
          target,
          status: 'pass',
          message: `Exchange Online plan enabled (${plans.filter((p) => p.capabilityStatus === 'Enabled').length} plan(s))`,
          evidence,
        },
      ];
    if (plans.some((p) => p.capabilityStatus === 'Warning'))
      return [
        {
          target,
          status: 'warn',
          message:
            'The Exchange Online plan is in its grace period (capabilityStatus Warning): renew the subscription',
          evidence,
        },
      ];
    if (plans.length > 0)
      return [
        {
          target,
          status: 'fail',
          message: `Exchange Online plans exist but none is enabled (${[...new Set(plans.map((p) => p.capabilityStatus))].join(', ')})`,
          evidence,
        },
      ];
    return [
      {
        target,
        status: 'fail',
        message: "No Exchange Online plan among the organization's assignedPlans",
        evidence: { ...evidence, services: [...new Set((org.assignedPlans ?? []).map((p) => p.service))] },
      },
    ];
  },
});
