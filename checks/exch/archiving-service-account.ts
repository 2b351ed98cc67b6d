import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';

const options = z.strictObject({
  /** Roles that let the archive open every mailbox over EWS (ApplicationImpersonation is believed; unconfirmed). */
  roles: z.array(z.string()).default(['ApplicationImpersonation']),
});

export default defineCheck({
  id: 'exch.archiving-service-account',
  area: 'exch',
  severity: 'fail',
  targetKind: 'user',
  title: "MailStore's on-premises service account has mailbox access",
  failureTitle: "MailStore's on-premises service account lacks mailbox access",
  description:
    'On-premises mailboxes are archived over on-premises EWS (Graph cannot reach them). MailStore uses a service account with a management role assignment that lets it open every mailbox.',
  remediation: {
    text: 'Give the MailStore service account the ApplicationImpersonation role (or assign it to a role group the account is in), as the MailStore Exchange guide describes.',
    powershell: ['New-ManagementRoleAssignment -Role ApplicationImpersonation -User <service account>'],
  },
  docs: [
    'https://help.mailstore.com/en/server/Archiving_Emails_from_Microsoft_Exchange_2016',
    'https://learn.microsoft.com/graph/hybrid-rest-support',
  ],
  requires: ['ldap.roleAssignments'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, options: opts }) {
    const ra = artifacts['ldap.roleAssignments'];
    const wanted = opts.roles.map((r) => r.toLowerCase());
    const holders = ra.impersonation.map((a) => a.assignee);
    if (!ra.configuredAccount)
      return [
        {
          target: 'archiving service account',
          status: 'info',
          message: `No account configured (ldap.archivingServiceAccount); ApplicationImpersonation is assigned to: ${holders.join('; ') || 'nobody'}`,
          evidence: { impersonation: ra.impersonation },
        },
      ];
    if (!ra.account)
      return [
        {
          target: ra.configuredAccount,
          status: 'fail',
          message: `The configured service account ${ra.configuredAccount} was not found in the domain`,
          evidence: { impersonationHolders: holders },
        },
      ];
    const hits = ra.assignments.filter((a) => wanted.includes(a.roleName.toLowerCase()));
    const evidence = {
      dn: ra.account.dn,
      groups: ra.account.groups,
      assignments: ra.assignments.map((a) => ({ role: a.roleName, assignee: a.assignee, via: a.via })),
      expectedRoles: opts.roles,
    };
    if (hits.length === 0)
      return [
        {
          target: ra.configuredAccount,
          status: 'fail',
          message: `${ra.configuredAccount} has no ${opts.roles.join('/')} role assignment${ra.assignments.length ? ` (it has: ${[...new Set(ra.assignments.map((a) => a.roleName))].join(', ')})` : ''}`,
          evidence,
        },
      ];
    const hit = hits[0]!;
    return [
      {
        target: ra.configuredAccount,
        status: 'pass',
        message: `${hit.roleName} assigned ${hit.via === 'group' ? `through group ${hit.assignee}` : 'directly'}`,
        evidence,
      },
    ];
  },
});
