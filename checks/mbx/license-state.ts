import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import {
  cloudMailboxOf,
  evidenceOf,
  exchangePlanReader,
  MAILBOX_SETTINGS_DOCS,
  type MailboxUser,
  NO_MAILBOX_EVIDENCE,
  planOptions,
} from './placement.ts';

/** Get-Mailbox RecipientTypeDetails → the userPurpose vocabulary of mailboxSettings. */
function purposeOfType(recipientTypeDetails: string | undefined): string | undefined {
  const m = recipientTypeDetails?.match(/^(User|Linked|Shared|Room|Equipment)Mailbox$/i);
  return m ? m[1]!.toLowerCase() : undefined;
}

const options = z.strictObject({
  ...planOptions,
  /** userPurpose values that need a license (shared, room and equipment mailboxes do not). */
  licensedPurposes: z.array(z.string()).default(['user', 'linked']),
  /**
   * AD recipient types that mean a cloud user mailbox when the probe left the user out
   * (RemoteUserMailbox). The decision then rests on AD, and the finding says so.
   */
  remoteUserTypes: z.array(z.string()).default(['2147483648']),
});

export default defineCheck({
  id: 'mbx.license-state',
  area: 'mbx',
  severity: 'warn',
  targetKind: 'mailbox',
  title: 'Exchange Online user mailboxes are licensed',
  failureTitle: 'Exchange Online user mailboxes without an enabled Exchange plan',
  description:
    'A user mailbox in Exchange Online needs an enabled Exchange Online plan. Without one it is disabled after a grace period (about 30 days, details unconfirmed) and then deleted, with everything MailStore had not archived yet. Shared, room and equipment mailboxes need no license and are excluded.',
  remediation:
    'Assign a license that includes Exchange Online (or convert the mailbox to a shared mailbox if nobody signs in to it), and check the subscription is not expired (capabilityStatus Warning = grace period).',
  docs: ['https://learn.microsoft.com/graph/api/resources/assignedplan', MAILBOX_SETTINGS_DOCS],
  requires: ['graph.users'],
  optional: ['ldap.users', 'exo.mailboxes', 'graph.mailboxProbes'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, model, options: opts }) {
    if (!artifacts['exo.mailboxes'] && !artifacts['graph.mailboxProbes']) skip(NO_MAILBOX_EVIDENCE);
    const placement = model.mailboxes;
    const purposes = new Set(opts.licensedPurposes.map((p) => p.toLowerCase()));
    const remoteUserTypes = new Set(opts.remoteUserTypes.map((t) => t.trim()));
    // A user with a cloud mailbox: the probe says so, or (not probed) AD says it is a remote user mailbox.
    const candidates: { u: MailboxUser; basis: 'probe' | 'ad' | 'list' }[] = [];
    const seen = new Set<string>();
    for (const users of [placement.adUsers, placement.cloudOnly])
      for (const u of users) {
        if (!u.graph || seen.has(u.graph.id)) continue;
        const cm = cloudMailboxOf(u);
        if (cm.has === 'yes') {
          seen.add(u.graph.id);
          const list = cm.basis === 'mailbox list';
          const purpose = list
            ? purposeOfType(u.exo?.recipientTypeDetails)
            : u.probe?.userPurpose?.toLowerCase();
          if (purpose === undefined || purposes.has(purpose))
            candidates.push({ u, basis: list ? 'list' : 'probe' });
        } else if (
          cm.has === 'unknown' &&
          u.ad &&
          remoteUserTypes.has(u.ad.msExchRecipientTypeDetails?.trim() ?? '')
        ) {
          seen.add(u.graph.id);
          candidates.push({ u, basis: 'ad' });
        }
      }
    if (candidates.length === 0)
      return [
        {
          target: 'Exchange Online user mailboxes',
          status: 'info',
          message:
            'No Exchange Online user mailbox found (none probed, or only shared/room/equipment mailboxes)',
        },
      ];
    const findings: Finding[] = [];
    let ok = 0;
    const plansOf = exchangePlanReader(opts.exchangeServices);
    for (const { u, basis } of candidates) {
      const plans = plansOf(u.graph);
      if (plans.enabled) {
        ok++;
        continue;
      }
      // Evidence only for a finding: most users hold their plan, and at 100k it added up.
      const evidence = {
        ...evidenceOf(u, plans),
        basis:
          basis === 'probe'
            ? 'mailboxSettings probe'
            : basis === 'list'
              ? 'Exchange Online mailbox list'
              : 'AD recipient type (user not probed)',
        ...(u.probe?.userPurpose === undefined && basis === 'probe'
          ? { note: 'userPurpose absent: treated as a user mailbox' }
          : {}),
      };
      if (plans.grace)
        findings.push({
          target: u.name,
          status: 'warn',
          message: 'The Exchange Online plan is in its grace period (capabilityStatus Warning)',
          evidence,
        });
      else
        findings.push({
          target: u.name,
          status: 'warn',
          message:
            plans.exchange.length > 0
              ? `User mailbox in Exchange Online whose Exchange plans are not enabled (${[...new Set(plans.exchange.map((p) => p.capabilityStatus))].join(', ')})`
              : 'User mailbox in Exchange Online without an Exchange Online plan (unlicensed)',
          evidence,
        });
    }
    if (ok > 0)
      findings.push({
        target: 'Exchange Online user mailboxes',
        status: 'pass',
        message: `${ok} of ${candidates.length} Exchange Online user mailboxes hold an enabled Exchange plan`,
        evidence: { ok, total: candidates.length, services: opts.exchangeServices },
      });
    return findings;
  },
});
