import { defineCheck } from '../../src/engine/define-check.ts';

const DETAIL_CHARS = 600;

export default defineCheck({
  id: 'sync.exchange-provisioning-errors',
  area: 'sync',
  severity: 'fail',
  targetKind: 'user',
  title: 'No Exchange Online provisioning errors on users',
  failureTitle: 'Users have unresolved Exchange Online provisioning errors',
  description:
    'Exchange Online reports objects it could not provision (for example a proxy address already used by another recipient) as serviceProvisioningErrors on the user. Such a user has no working cloud recipient, so its mailbox or mail user cannot be archived or routed.',
  remediation:
    'Read errorDetail, fix the conflicting attribute on-premises (or remove the duplicate cloud object) and wait for the next sync; the error turns isResolved when Exchange Online provisions the object.',
  docs: ['https://learn.microsoft.com/graph/api/resources/serviceprovisioningxmlerror'],
  requires: ['graph.users'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const users = artifacts['graph.users'];
    const findings = users.flatMap((u) => {
      const open = (u.serviceProvisioningErrors ?? []).filter(
        (e) => e.isResolved !== true && (e.serviceInstance ?? '').toLowerCase().startsWith('exchange/'),
      );
      if (open.length === 0) return [];
      return [
        {
          target: u.userPrincipalName,
          status: 'fail' as const,
          message: `${open.length} unresolved Exchange Online provisioning error(s) on ${[...new Set(open.map((e) => e.serviceInstance))].join(', ')}`,
          evidence: {
            errors: open.map((e) => ({
              serviceInstance: e.serviceInstance,
              createdDateTime: e.createdDateTime,
              errorDetail: (e.errorDetail ?? '').slice(0, DETAIL_CHARS),
            })),
          },
        },
      ];
    });
    if (findings.length > 0) return findings;
    const resolved = users.filter((u) => (u.serviceProvisioningErrors ?? []).length > 0).length;
    return [
      {
        target: 'all users',
        status: 'pass',
        message: `No unresolved Exchange Online provisioning errors among ${users.length} users${resolved ? ` (${resolved} with resolved or non-Exchange errors only)` : ''}`,
        evidence: { users: users.length, usersWithResolvedOrOtherErrors: resolved },
      },
    ];
  },
});
