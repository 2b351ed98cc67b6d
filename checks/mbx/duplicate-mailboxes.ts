import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { normGuid } from '../../src/model/exo-mailboxes.ts';
import { originText } from '../../src/model/exo-origin.ts';
import {
  budgetNote,
  COVERAGE_NAMES,
  cloudMailboxOf,
  coverageNote,
  evidenceOf,
  exchangePlanReader,
  MAILBOX_SETTINGS_DOCS,
  type MailboxUser,
  NO_MAILBOX_EVIDENCE,
  planOptions,
} from './placement.ts';

const options = z.strictObject({
  ...planOptions,
  /**
   * On-prem msExchRecipientTypeDetails values to test. Default: the catalogue's User (1),
   * Shared (4), Room (16), Equipment (32); add 2 for linked mailboxes.
   */
  onPremTypes: z.array(z.string()).default(['1', '4', '16', '32']),
});

export default defineCheck({
  id: 'mbx.duplicate-mailboxes',
  area: 'mbx',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'No user has both an on-premises and an Exchange Online mailbox',
  failureTitle: 'Users have a mailbox on-premises and another one in Exchange Online',
  description:
    'A user whose on-premises mailbox is synchronised without its ExchangeGUID (msExchMailboxGuid) gets a second, empty mailbox in Exchange Online as soon as a license is assigned. Mail from cloud senders lands there, the user sees two mailboxes, and the archive holds half of the mail under either profile.',
  remediation: {
    text: 'Remove the Exchange Online license from the user, make sure Entra Connect synchronises msExchMailboxGuid, then clear the previous mailbox information in Exchange Online (after exporting anything the cloud mailbox holds) and re-assign the license.',
    powershell: ['Set-User <user> -PermanentlyClearPreviousMailboxInfo'],
  },
  docs: [
    'https://techcommunity.microsoft.com/t5/exchange-team-blog/permanently-clear-previous-mailbox-info/ba-p/607619',
    MAILBOX_SETTINGS_DOCS,
  ],
  requires: ['ldap.users', 'graph.users'],
  /**
   * The Exchange Online mailbox list answers first (by ExchangeGuid, Entra user, address); the
   * mailboxSettings probe where it cannot; AutoDv2 of the on-prem sample user: 200 with the EXO
   * EWS URL = a cloud mailbox.
   */
  optional: ['exo.mailboxes', 'graph.mailboxProbes', 'http.autodv2'],
  // Live Exchange Online tried and failed: a verdict from the fallback evidence would hide it.
  errorWhenFailed: ['exo.mailboxes'],
  confidence: 'confirmed',
  options,
  run({ artifacts, model, options: opts }) {
    const list = artifacts['exo.mailboxes'];
    if (!list && !artifacts['graph.mailboxProbes']) skip(NO_MAILBOX_EVIDENCE);
    const types = new Set(opts.onPremTypes.map((t) => t.trim()));
    const placement = model.mailboxes;
    const onprem = placement.adUsers.filter(
      (u) => u.placement === 'onprem' && types.has(u.ad?.msExchRecipientTypeDetails?.trim() ?? ''),
    );
    if (onprem.length === 0)
      return [{ target: 'on-premises mailboxes', status: 'info', message: 'No on-premises mailboxes in AD' }];
    const findings: Finding[] = [];
    let ok = 0;
    let notSynced = 0;
    const unprobedUnlicensed: string[] = [];
    const unverifiedLicensed: string[] = [];
    // AutoDv2 of Exchange Online for on-prem sample users (http source): 200 + Url = EXO mailbox.
    const exoAutodv2 = new Map<string, { status?: number; url?: string }>();
    for (const a of artifacts['http.autodv2'] ?? [])
      if (a.endpoint === 'exo' && a.userKind === 'onPremises' && !a.probe.fault)
        exoAutodv2.set(a.user.toLowerCase(), {
          ...(a.probe.status !== undefined ? { status: a.probe.status } : {}),
          ...(a.answer?.url ? { url: a.answer.url } : {}),
        });
    const plansOf = exchangePlanReader(opts.exchangeServices);
    for (const u of onprem) {
      const plans = plansOf(u.graph);
      const evidence = evidenceOf(u, plans);
      const autodv2 = [u.name, u.primarySmtp]
        .map((n) => (n ? exoAutodv2.get(n.toLowerCase()) : undefined))
        .find(Boolean);
      if (autodv2) evidence.exoAutodiscoverV2 = autodv2;
      const exoAnswers = autodv2?.status === 200 && Boolean(autodv2.url);
      const cm = cloudMailboxOf(u);
      if (exoAnswers && cm.has !== 'yes' && u.cloud !== 'no-entra-user') {
        findings.push({
          target: u.name,
          status: cm.has === 'no' ? 'warn' : 'fail',
          message:
            cm.has === 'no'
              ? `Conflicting evidence: ${cm.basis === 'mailbox list' ? `the Exchange Online mailbox list holds no mailbox for the user (${evidence.cloudMailbox})` : 'mailboxSettings answered 404'}, but Exchange Online Autodiscover v2 answers with its own EWS URL (${autodv2?.url})`
              : `Exchange Online Autodiscover v2 answers with its own EWS URL (${autodv2?.url}): the on-premises ${evidence.recipientType} also has a cloud mailbox`,
          evidence,
        });
        continue;
      }
      const hint = u.ad?.mailboxGuid
        ? ''
        : ' (msExchMailboxGuid is empty on-premises: Exchange Online could not know the mailbox exists)';
      if (cm.has === 'yes') {
        findings.push({
          target: u.name,
          status: 'fail',
          message:
            cm.basis === 'mailbox list'
              ? `On-premises ${evidence.recipientType} and an Exchange Online ${u.exo?.recipientTypeDetails} (${u.exo?.primarySmtpAddress}): ${guidStory(u)}${hint}`
              : `On-premises ${evidence.recipientType} and an Exchange Online mailbox (mailboxSettings answered 200)${hint}`,
          evidence:
            cm.basis === 'mailbox list' && list ? { ...evidence, mailboxList: originText(list) } : evidence,
        });
        continue;
      }
      switch (cm.has) {
        case 'no':
          ok++;
          break;
        case 'no-entra-user':
          notSynced++;
          break;
        case 'error':
          findings.push({
            target: u.name,
            status: 'error',
            message: `Could not tell whether an Exchange Online mailbox exists: ${evidence.cloudMailbox}`,
            evidence,
          });
          break;
        case 'unknown':
          // Nothing was learnt about this user: coverage, never a finding about the mailbox.
          if (plans.enabled || plans.grace) unverifiedLicensed.push(u.name);
          else unprobedUnlicensed.push(u.name);
          break;
      }
    }
    if (unverifiedLicensed.length)
      findings.push({
        target: 'on-premises mailboxes not verified',
        status: 'info',
        message: `${unverifiedLicensed.length} of ${onprem.length} on-premises mailbox users hold an Exchange Online plan but were not verified (coverage, not a finding about them): a duplicate cloud mailbox is possible; ${coverageNote(unverifiedLicensed.length, placement.exoList)}`,
        evidence: { count: unverifiedLicensed.length, users: unverifiedLicensed.slice(0, COVERAGE_NAMES) },
      });
    if (ok + unprobedUnlicensed.length > 0 || findings.length === 0)
      findings.push({
        target: 'on-premises mailboxes',
        status: 'pass',
        message:
          `${ok} of ${onprem.length} on-premises mailboxes have no Exchange Online mailbox (${list ? `Exchange Online mailbox list, ${originText(list)}; else mailboxSettings 404` : 'mailboxSettings 404'})` +
          (unprobedUnlicensed.length
            ? `; ${unprobedUnlicensed.length} not probed but without an Exchange plan (no cloud mailbox can be provisioned)`
            : '') +
          (notSynced ? `; ${notSynced} have no Entra user (not synchronised)` : ''),
        evidence: {
          checked: onprem.length,
          noCloudMailbox: ok,
          ...(unprobedUnlicensed.length
            ? { notProbedUnlicensed: unprobedUnlicensed, note: budgetNote(unprobedUnlicensed.length) }
            : {}),
          ...(notSynced ? { withoutEntraUser: notSynced } : {}),
        },
      });
    return findings;
  },
});

/** Why the list shows a second mailbox: the ExchangeGuid tells a provisioned duplicate from one object. */
function guidStory(u: MailboxUser): string {
  const adGuid = normGuid(u.exchangeGuid);
  const exoGuid = normGuid(u.exo?.exchangeGuid);
  if (u.exoMatch === 'exchangeGuid')
    return `same ExchangeGuid ${adGuid} on both sides (a move in progress, or the on-premises mailbox was not cleaned up after a move)`;
  if (adGuid && exoGuid)
    return `ExchangeGuid ${exoGuid} differs from msExchMailboxGuid ${adGuid}: Exchange Online provisioned a second, separate mailbox (matched by ${u.exoMatch === 'entra' ? 'the Entra user' : 'address'})`;
  return `matched by ${u.exoMatch === 'entra' ? 'the Entra user' : 'address'}`;
}
