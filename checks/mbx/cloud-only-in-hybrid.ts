import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { originText } from '../../src/model/exo-origin.ts';
import {
  budgetNote,
  cloudMailboxOf,
  coverageNote,
  evidenceOf,
  exchangePlanReader,
  MAILBOX_SETTINGS_DOCS,
  NO_MAILBOX_EVIDENCE,
  planOptions,
} from './placement.ts';

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
  requires: ['graph.users'],
  optional: ['ldap.users', 'exo.mailboxes', 'graph.mailboxProbes'],
  // Live Exchange Online tried and failed: a verdict from the fallback evidence would hide it.
  errorWhenFailed: ['exo.mailboxes'],
  confidence: 'confirmed',
  options,
  run({ artifacts, model, options: opts }) {
    const list = artifacts['exo.mailboxes'];
    if (!list && !artifacts['graph.mailboxProbes']) skip(NO_MAILBOX_EVIDENCE);
    const placement = model.mailboxes;
    const findings: Finding[] = [];
    const accepted: string[] = [];
    let noMailbox = 0;
    const unprobedLicensed: string[] = [];
    const plansOf = exchangePlanReader(opts.exchangeServices);
    for (const u of placement.cloudOnly) {
      const plans = plansOf(u.graph);
      const cm = cloudMailboxOf(u);
      if (cm.has === 'yes') {
        if (allowed(u.name, opts.allow)) {
          accepted.push(u.name);
          continue;
        }
        const kind = cm.basis === 'mailbox list' ? u.exo?.recipientTypeDetails : u.probe?.userPurpose;
        findings.push({
          target: u.name,
          status: 'warn',
          message: `Cloud-only Exchange Online mailbox${kind ? ` (${kind})` : ''}: not synchronised from AD (onPremisesSyncEnabled ${u.graph?.onPremisesSyncEnabled ?? 'null'})`,
          evidence:
            cm.basis === 'mailbox list' && list
              ? { ...evidenceOf(u, plans), mailboxList: originText(list) }
              : evidenceOf(u, plans),
        });
      } else if (cm.has === 'unknown' && (plans.enabled || plans.grace) && !allowed(u.name, opts.allow))
        unprobedLicensed.push(u.name);
      else noMailbox++;
    }
    if (unprobedLicensed.length)
      findings.push({
        target: 'cloud-only users not probed',
        status: 'info',
        message: `${unprobedLicensed.length} cloud-only user(s) hold an Exchange Online plan but were not ${list ? 'listed or ' : ''}probed; they may have a cloud-only mailbox`,
        evidence: {
          users: unprobedLicensed,
          note: list ? coverageNote(unprobedLicensed.length, list) : budgetNote(unprobedLicensed.length),
        },
      });
    // Mailboxes of the list no AD or Entra user claimed: created in the cloud (IsDirSynced False)
    // or not joinable; a synced one (IsDirSynced True) comes from an AD outside the read.
    for (const m of placement.exoUnmatched) {
      if (m.isDirSynced === true || allowed(m.userPrincipalName ?? m.primarySmtpAddress, opts.allow))
        continue;
      findings.push({
        target: m.userPrincipalName ?? m.primarySmtpAddress,
        status: m.isDirSynced === false ? 'warn' : 'info',
        message:
          m.isDirSynced === false
            ? `Cloud-only Exchange Online mailbox (${m.recipientTypeDetails}, IsDirSynced False) with no Entra user among those read`
            : `Exchange Online ${m.recipientTypeDetails} matched to no AD or Entra user (IsDirSynced not in the list): check whether it was created in the cloud`,
        evidence: {
          primarySmtpAddress: m.primarySmtpAddress,
          recipientTypeDetails: m.recipientTypeDetails,
          isDirSynced: m.isDirSynced ?? null,
          exchangeGuid: m.exchangeGuid ?? null,
          externalDirectoryObjectId: m.externalDirectoryObjectId ?? null,
          ...(list ? { mailboxList: originText(list) } : {}),
        },
      });
    }
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
