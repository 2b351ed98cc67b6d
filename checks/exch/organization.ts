import { defineCheck } from '../../src/engine/define-check.ts';

export default defineCheck({
  id: 'exch.organization',
  area: 'exch',
  severity: 'fail',
  targetKind: 'organization',
  title: 'Exactly one Exchange organisation',
  failureTitle: 'No single Exchange organisation in Active Directory',
  description:
    'A hybrid needs one on-premises Exchange organisation; its name and GUID locate every other Exchange object, and the dedicated hybrid app is named ExchangeServerApp-<organisation GUID>.',
  remediation:
    'Scan the forest that runs Exchange. If no organisation exists, Exchange was never installed (or /PrepareAD never ran) in this forest.',
  docs: ['https://learn.microsoft.com/exchange/plan-and-deploy/prepare-ad-and-domains'],
  requires: ['ldap.organizations'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const orgs = artifacts['ldap.organizations'];
    if (orgs.length === 0)
      return [
        {
          target: 'CN=Microsoft Exchange,CN=Services',
          status: 'fail',
          message: 'No msExchOrganizationContainer found: Exchange is not installed in this forest',
        },
      ];
    if (orgs.length > 1)
      return [
        {
          target: orgs.map((o) => o.name).join(', '),
          status: 'fail',
          message: `${orgs.length} Exchange organisations found; a forest holds exactly one`,
          evidence: { organizations: orgs.map((o) => o.dn) },
        },
      ];
    const org = orgs[0]!;
    return [
      {
        target: org.name,
        status: 'pass',
        message: `Exchange organisation ${org.name}${org.guid ? ` (GUID ${org.guid})` : ''}`,
        evidence: {
          dn: org.dn,
          objectGUID: org.guid,
          objectVersion: org.objectVersion,
          dedicatedHybridAppName: org.guid ? `ExchangeServerApp-${org.guid}` : undefined,
          note: 'That the organisation GUID is this objectGUID is unconfirmed (the Microsoft script calls Get-ExchangeOrganizationGuid).',
        },
      },
    ];
  },
});
