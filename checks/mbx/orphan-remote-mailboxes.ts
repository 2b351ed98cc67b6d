import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { decodeBits, REMOTE_RECIPIENT_BITS } from '../../src/model/exchange-flags.ts';
import { budgetNote, evidenceOf, exchangePlans, MAILBOX_SETTINGS_DOCS, planOptions } from './placement.ts';

const options = z.strictObject({
  ...planOptions,
  /** Status of a remote mailbox the probe budget left out (its cloud mailbox is unverified). */
  notProbed: z.enum(['warn', 'info']).default('warn'),
});

export default defineCheck({
  id: 'mbx.orphan-remote-mailboxes',
  area: 'mbx',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'Every remote mailbox has its Exchange Online mailbox',
  failureTitle: 'Remote mailboxes have no mailbox in Exchange Online',
  description:
    'On-premises Exchange routes mail for a remote mailbox to its targetAddress in the tenant. When the Entra user is missing or Exchange Online holds no mailbox for it (mailboxSettings answers 404), that mail bounces or lands nowhere, and MailStore’s Microsoft 365 profile has nothing to archive.',
  remediation:
    'For each user: check the Entra user exists and is in the sync scope, assign an Exchange Online license, and check Get-Mailbox <user> in Exchange Online. If the mailbox was never created, the remote mailbox needs its ExchangeGUID synchronised (or re-provisioning with Enable-RemoteMailbox); if it was deleted, restore it or disable the remote mailbox on-premises.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment/manage-hybrid-exchange-recipients-with-management-tools',
    MAILBOX_SETTINGS_DOCS,
  ],
  requires: ['ldap.users', 'graph.users', 'graph.mailboxProbes'],
  confidence: 'community',
  options,
  run({ model, options: opts }) {
    const placement = model.mailboxes;
    const remote = placement.adUsers.filter((u) => u.placement === 'remote');
    if (remote.length === 0)
      return [
        {
          target: 'remote mailboxes',
          status: 'info',
          message: 'No remote mailboxes on-premises (no mailbox lives in Exchange Online yet)',
        },
      ];
    const findings: Finding[] = [];
    let ok = 0;
    for (const u of remote) {
      const plans = exchangePlans(u.graph, opts.exchangeServices);
      const bits = decodeBits(Number(u.ad?.msExchRemoteRecipientType ?? Number.NaN), REMOTE_RECIPIENT_BITS);
      const evidence: Record<string, unknown> = { ...evidenceOf(u, plans), remoteRecipientType: bits };
      const unlicensed = plans.enabled || plans.grace ? '' : ' It has no enabled Exchange Online plan.';
      const deprovisioning = bits.includes('DeprovisionMailbox')
        ? ' msExchRemoteRecipientType has DeprovisionMailbox: the cloud mailbox is being removed on purpose.'
        : '';
      switch (u.cloud) {
        case 'cloud':
          ok++;
          break;
        case 'no-entra-user':
          findings.push({
            target: u.name,
            status: 'fail',
            message: `Remote mailbox without an Entra user: mail routed to ${u.ad?.targetAddress ?? 'its targetAddress'} cannot be delivered (not synchronised, or deleted in the cloud)`,
            evidence,
          });
          break;
        case 'not-in-cloud':
          findings.push({
            target: u.name,
            status: 'fail',
            message: `Remote mailbox, but Exchange Online has no mailbox for it (${evidence.cloudMailbox}).${unlicensed}${deprovisioning}`,
            evidence,
          });
          break;
        case 'probe-error':
          findings.push({
            target: u.name,
            status: 'error',
            message: `Could not tell whether the Exchange Online mailbox exists: ${evidence.cloudMailbox}`,
            evidence,
          });
          break;
        case 'not-probed':
          findings.push({
            target: u.name,
            status: opts.notProbed,
            message: `Not probed (probe budget used up): the Exchange Online mailbox is unverified.${unlicensed}`,
            evidence: { ...evidence, note: budgetNote(1) },
          });
          break;
      }
    }
    if (ok > 0)
      findings.push({
        target: 'remote mailboxes',
        status: 'pass',
        message: `${ok} of ${remote.length} remote mailboxes have their Exchange Online mailbox (mailboxSettings 200)`,
        evidence: { ok, total: remote.length },
      });
    return findings;
  },
});
