import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { decodeBits, REMOTE_RECIPIENT_BITS } from '../../src/model/exchange-flags.ts';
import { originText } from '../../src/model/exo-origin.ts';
import {
  COVERAGE_NAMES,
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
  /**
   * Status of the one coverage note for remote mailboxes neither the mailbox list nor a probe
   * answered for. Never a finding about those mailboxes: nothing was learnt about them.
   */
  notProbed: z.enum(['warn', 'info']).default('info'),
});

export default defineCheck({
  id: 'mbx.orphan-remote-mailboxes',
  area: 'mbx',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'Every remote mailbox has its Exchange Online mailbox',
  failureTitle: 'Remote mailboxes have no mailbox in Exchange Online',
  description:
    'On-premises Exchange routes mail for a remote mailbox to its targetAddress in the tenant. When the Entra user is missing or Exchange Online holds no mailbox for it (absent from the complete Exchange Online mailbox list, only a MailUser there, or mailboxSettings answering 404), that mail bounces or lands nowhere, and MailStore’s Microsoft 365 profile has nothing to archive. A user nothing was learnt about (not listed, not probed) is a coverage note, never a finding.',
  remediation: {
    text: 'For each user: check the Entra user exists and is in the sync scope, assign an Exchange Online license, and check Get-Mailbox <user> in Exchange Online. If the mailbox was never created, the remote mailbox needs its ExchangeGUID synchronised (or re-provisioning with Enable-RemoteMailbox); if it was deleted, restore it or disable the remote mailbox on-premises.',
    powershell: [
      'Get-RemoteMailbox <user> | Format-List ExchangeGuid,RemoteRoutingAddress',
      'Get-Mailbox <user> | Format-List ExchangeGuid,RecipientTypeDetails',
      'Set-RemoteMailbox <user> -ExchangeGuid <ExchangeGuid of the Exchange Online mailbox>',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment/manage-hybrid-exchange-recipients-with-management-tools',
    'https://learn.microsoft.com/powershell/module/exchange/get-mailbox',
    MAILBOX_SETTINGS_DOCS,
  ],
  requires: ['ldap.users', 'graph.users'],
  optional: ['graph.mailboxProbes', 'exo.mailboxes'],
  // Live Exchange Online tried and failed: a verdict from the fallback evidence would hide it.
  errorWhenFailed: ['exo.mailboxes'],
  confidence: 'community',
  options,
  run({ artifacts, model, options: opts }) {
    const list = artifacts['exo.mailboxes'];
    if (!list && !artifacts['graph.mailboxProbes']) skip(NO_MAILBOX_EVIDENCE);
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
    let byList = 0;
    let byProbe = 0;
    const unverified: string[] = [];
    const plansOf = exchangePlanReader(opts.exchangeServices);
    for (const u of remote) {
      const cm = cloudMailboxOf(u);
      if (cm.has === 'yes') {
        if (cm.basis === 'mailbox list') byList++;
        else byProbe++;
        continue;
      }
      const plans = plansOf(u.graph);
      const bits = decodeBits(Number(u.ad?.msExchRemoteRecipientType ?? Number.NaN), REMOTE_RECIPIENT_BITS);
      const evidence: Record<string, unknown> = { ...evidenceOf(u, plans), remoteRecipientType: bits };
      const unlicensed = plans.enabled || plans.grace ? '' : ' It has no enabled Exchange Online plan.';
      const deprovisioning = bits.includes('DeprovisionMailbox')
        ? ' msExchRemoteRecipientType has DeprovisionMailbox: the cloud mailbox is being removed on purpose.'
        : '';
      if (u.cloud === 'no-entra-user') {
        findings.push({
          target: u.name,
          status: 'fail',
          message: `Remote mailbox without an Entra user: mail routed to ${u.ad?.targetAddress ?? 'its targetAddress'} cannot be delivered (not synchronised, or deleted in the cloud)`,
          evidence,
        });
        continue;
      }
      switch (cm.has) {
        case 'no': {
          const why =
            cm.basis === 'mailbox list'
              ? u.exo
                ? `Exchange Online holds only a ${u.exo.recipientTypeDetails} for it (${u.exo.primarySmtpAddress}), no mailbox`
                : `it is not in the complete Exchange Online mailbox list (${list ? originText(list) : 'exo.mailboxes'})`
              : `Exchange Online has no mailbox for it (${evidence.cloudMailbox})`;
          findings.push({
            target: u.name,
            status: 'fail',
            message: `Remote mailbox, but ${why}.${unlicensed}${deprovisioning}`,
            evidence,
          });
          break;
        }
        case 'error':
          findings.push({
            target: u.name,
            status: 'error',
            message: `Could not tell whether the Exchange Online mailbox exists: ${evidence.cloudMailbox}`,
            evidence,
          });
          break;
        default:
          unverified.push(u.name);
      }
    }
    if (unverified.length)
      findings.push({
        target: 'remote mailboxes not verified',
        status: opts.notProbed,
        message: `${unverified.length} of ${remote.length} remote mailboxes were not verified (coverage, not a finding about them): ${coverageNote(unverified.length, placement.exoList)}`,
        evidence: {
          count: unverified.length,
          users: unverified.slice(0, COVERAGE_NAMES),
          ...(list ? { mailboxList: originText(list), complete: list.complete } : {}),
        },
      });
    const ok = byList + byProbe;
    if (ok > 0)
      findings.push({
        target: 'remote mailboxes',
        status: 'pass',
        message: `${ok} of ${remote.length} remote mailboxes have their Exchange Online mailbox (${
          byList === 0
            ? 'mailboxSettings 200'
            : `${byList} in the Exchange Online mailbox list${byProbe ? `, ${byProbe} by mailboxSettings 200` : ''}; ${originText(list ?? {})}`
        })`,
        evidence: { ok, total: remote.length, ...(byList ? { inMailboxList: byList, probed: byProbe } : {}) },
      });
    return findings;
  },
});
