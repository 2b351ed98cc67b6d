import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { mailboxOwner } from './graph-users.ts';

export default defineCheck({
  id: 'sync.provisioning-errors',
  area: 'sync',
  severity: 'fail',
  targetKind: 'user',
  title: 'No directory-sync provisioning errors',
  failureTitle: 'Users have directory-sync provisioning errors',
  description:
    'A provisioning error (typically a duplicate proxy address or UPN) means Entra ID did not accept an attribute from AD. For a mailbox owner this breaks addresses, routing or the match between the on-prem and the cloud object, so MailStore may miss or mismatch the mailbox.',
  remediation: {
    text: 'Remove the duplicate value from one of the objects in AD (IdFix helps on-premises) and let the next sync clear the error.',
    portal: 'Entra admin center > Entra Connect > Connect Health > Sync errors',
  },
  docs: [
    'https://learn.microsoft.com/graph/api/resources/onpremisesprovisioningerror',
    'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency',
  ],
  requires: ['graph.users'],
  optional: ['ldap.users', 'graph.mailboxProbes'],
  confidence: 'confirmed',
  run({ artifacts, model }) {
    const users = artifacts['graph.users'];
    const affected = users.filter((u) => (u.onPremisesProvisioningErrors ?? []).length > 0);
    if (affected.length === 0)
      return [
        {
          target: 'all users',
          status: 'pass',
          message: `No provisioning errors among ${users.length} users`,
          evidence: { users: users.length },
        },
      ];
    return affected.map((u): Finding => {
      const mailbox = mailboxOwner(u, model.users, artifacts['graph.mailboxProbes']);
      const errors = u.onPremisesProvisioningErrors ?? [];
      const what = errors
        .map(
          (e) =>
            `${e.category ?? 'error'} on ${e.propertyCausingError ?? '?'}${e.value ? ` (${e.value})` : ''}`,
        )
        .join('; ');
      const evidence = {
        errors,
        mailbox: mailbox.basis,
        onPremisesDistinguishedName: u.onPremisesDistinguishedName,
      };
      if (mailbox.owner === true)
        return {
          target: u.userPrincipalName,
          status: 'fail',
          message: `Mailbox owner with provisioning error: ${what}`,
          evidence,
        };
      if (mailbox.owner === false)
        return {
          target: u.userPrincipalName,
          status: 'warn',
          message: `Provisioning error (not a mailbox owner): ${what}`,
          evidence,
        };
      return {
        target: u.userPrincipalName,
        status: 'warn',
        message: `Provisioning error: ${what} (${mailbox.basis})`,
        evidence,
      };
    });
  },
});
