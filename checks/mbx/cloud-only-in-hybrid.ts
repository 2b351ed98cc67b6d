import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { budgetNote, evidenceOf, exchangePlans, MAILBOX_SETTINGS_DOCS, planOptions } from './placement.ts';

const options = z.strictObject({
  ...planOptions,
  /** UPNs (or `*@domain` patterns) of cloud-only mailboxes that are accepted (e.g. a break-glass admin). */
  allow: z.array(z.string()).default([]),
});

function allowed(upn: string, patterns: readonly string[]): boolean {
  const u = upn.toLowerCase();
  return patterns.some((p) => {
    const q = p.trim().toLowerCase();
    return q.startsWith('*@') ? u.endsWith(q.slice(1)) : u === q;
  });
}

export default defineCheck({
  id: 'mbx.cloud-only-in-hybrid',
  area: 'mbx',
  severity: 'warn',
  targetKind: 'mailbox',
  title: 'Every Exchange Online mailbox has an on-premises object',
  failureTitle: 'Exchange Online mailboxes exist that were not created on-premises',
  description:
    'In a best-practice hybrid every recipient is created on-premises (New-RemoteMailbox) and synchronised. A cloud-only mailbox has no on-premises object: on-premises Exchange cannot route to it by its address, it is missing from the on-premises address book, and MailStore’s LDAP (Active Directory) user sync does not see it.',
  remediation:
    'Create the recipient on-premises instead (New-RemoteMailbox), or soft-match the cloud user to a new on-premises user with the same primary SMTP address / UPN and a remote mailbox, then let Entra Connect synchronise it. Accepted exceptions go in checks.mbx.cloud-only-in-hybrid.options.allow.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment/manage-hybrid-exchange-recipients-with-management-tools',
    MAILBOX_SETTINGS_DOCS,
  ],
  requires: ['graph.users', 'graph.mailboxProbes'],
  optional: ['ldap.users'],
  confidence: 'confirmed',
  options,
  run({ model, options: opts }) {
    const placement = model.mailboxes;
    const findings: Finding[] = [];
    const accepted: string[] = [];
    let noMailbox = 0;
    const unprobedLicensed: string[] = [];
    for (const u of placement.cloudOnly) {
      const plans = exchangePlans(u.graph, opts.exchangeServices);
      if (u.cloud === 'cloud') {
        if (allowed(u.name, opts.allow)) {
          accepted.push(u.name);
          continue;
        }
        findings.push({
          target: u.name,
          status: 'warn',
          message: `Cloud-only Exchange Online mailbox${u.probe?.userPurpose ? ` (${u.probe.userPurpose})` : ''}: not synchronised from AD (onPremisesSyncEnabled ${u.graph?.onPremisesSyncEnabled ?? 'null'})`,
          evidence: evidenceOf(u, plans),
        });
      } else if (u.cloud === 'not-probed' && (plans.enabled || plans.grace) && !allowed(u.name, opts.allow))
        unprobedLicensed.push(u.name);
      else noMailbox++;
    }
    if (unprobedLicensed.length)
      findings.push({
        target: 'cloud-only users not probed',
        status: 'info',
        message: `${unprobedLicensed.length} cloud-only user(s) hold an Exchange Online plan but were not probed; they may have a cloud-only mailbox`,
        evidence: { users: unprobedLicensed, note: budgetNote(unprobedLicensed.length) },
      });
    if (!findings.some((f) => f.status === 'warn'))
      findings.push({
        target: 'Exchange Online mailboxes',
        status: 'pass',
        message: `No cloud-only mailbox found (${placement.cloudOnly.length} cloud-only user(s), ${noMailbox} without a mailbox${accepted.length ? `, ${accepted.length} accepted by options.allow` : ''})`,
        evidence: { cloudOnlyUsers: placement.cloudOnly.length, accepted },
      });
    return findings;
  },
});
