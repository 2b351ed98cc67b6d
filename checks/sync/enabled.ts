import { defineCheck } from '../../src/engine/define-check.ts';

export default defineCheck({
  id: 'sync.enabled',
  area: 'sync',
  severity: 'fail',
  targetKind: 'tenant',
  title: 'Tenant is synchronised from on-premises AD',
  failureTitle: 'Tenant is not synchronised from on-premises AD',
  description:
    "An Exchange hybrid needs directory synchronisation (Entra Connect or Cloud Sync) so that on-premises users, their addresses and their mailbox state exist in Entra ID. MailStore's hybrid setup assumes the local AD is synchronised with Entra ID.",
  remediation:
    'Install and run Microsoft Entra Connect (or Cloud Sync) with the Exchange hybrid option, then verify the first sync in the Entra admin center (Hybrid management > Entra Connect).',
  docs: [
    'https://learn.microsoft.com/graph/api/resources/organization',
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
  ],
  requires: ['graph.organization'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const org = artifacts['graph.organization'];
    const target = org.displayName ? `${org.displayName} (${org.id})` : org.id;
    const evidence = {
      onPremisesSyncEnabled: org.onPremisesSyncEnabled ?? null,
      onPremisesLastSyncDateTime: org.onPremisesLastSyncDateTime ?? null,
    };
    if (org.onPremisesSyncEnabled === true)
      return [{ target, status: 'pass', message: 'Directory synchronisation is enabled', evidence }];
    if (org.onPremisesSyncEnabled === false)
      return [
        {
          target,
          status: 'fail',
          message: 'Directory synchronisation was enabled once and is now turned off',
          evidence,
        },
      ];
    return [
      {
        target,
        status: 'fail',
        message: 'The tenant has never been synchronised from on-premises AD',
        evidence,
      },
    ];
  },
});
