import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { budgetNote, evidenceOf, exchangePlans, MAILBOX_SETTINGS_DOCS, planOptions } from './placement.ts';

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
  requires: ['ldap.users', 'graph.users', 'graph.mailboxProbes'],
  /** Exchange Online AutoDv2 of the on-prem sample user: 200 with the EXO EWS URL = a cloud mailbox. */
  optional: ['http.autodv2'],
  confidence: 'confirmed',
  options,
  run({ artifacts, model, options: opts }) {
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
    // AutoDv2 of Exchange Online for on-prem sample users (http source): 200 + Url = EXO mailbox.
    const exoAutodv2 = new Map<string, { status?: number; url?: string }>();
    for (const a of artifacts['http.autodv2'] ?? [])
      if (a.endpoint === 'exo' && a.userKind === 'onPremises' && !a.probe.fault)
        exoAutodv2.set(a.user.toLowerCase(), {
          ...(a.probe.status !== undefined ? { status: a.probe.status } : {}),
          ...(a.answer?.url ? { url: a.answer.url } : {}),
        });
    for (const u of onprem) {
      const plans = exchangePlans(u.graph, opts.exchangeServices);
      const evidence = evidenceOf(u, plans);
      const autodv2 = [u.name, u.primarySmtp]
        .map((n) => (n ? exoAutodv2.get(n.toLowerCase()) : undefined))
        .find(Boolean);
      if (autodv2) evidence.exoAutodiscoverV2 = autodv2;
      const exoAnswers = autodv2?.status === 200 && Boolean(autodv2.url);
      if (exoAnswers && u.cloud !== 'cloud' && u.cloud !== 'no-entra-user') {
        findings.push({
          target: u.name,
          status: u.cloud === 'not-in-cloud' ? 'warn' : 'fail',
          message:
            u.cloud === 'not-in-cloud'
              ? `Conflicting evidence: mailboxSettings answered 404, but Exchange Online Autodiscover v2 answers with its own EWS URL (${autodv2?.url})`
              : `Exchange Online Autodiscover v2 answers with its own EWS URL (${autodv2?.url}): the on-premises ${evidence.recipientType} also has a cloud mailbox`,
          evidence,
        });
        continue;
      }
      const hint = u.ad?.mailboxGuid
        ? ''
        : ' (msExchMailboxGuid is empty on-premises: Exchange Online could not know the mailbox exists)';
      switch (u.cloud) {
        case 'cloud':
          findings.push({
            target: u.name,
            status: 'fail',
            message: `On-premises ${evidence.recipientType} and an Exchange Online mailbox (mailboxSettings answered 200)${hint}`,
            evidence,
          });
          break;
        case 'not-in-cloud':
          ok++;
          break;
        case 'no-entra-user':
          notSynced++;
          break;
        case 'probe-error':
          findings.push({
            target: u.name,
            status: 'error',
            message: `Could not tell whether an Exchange Online mailbox exists: ${evidence.cloudMailbox}`,
            evidence,
          });
          break;
        case 'not-probed':
          if (plans.enabled || plans.grace)
            findings.push({
              target: u.name,
              status: 'warn',
              message: `Not probed (probe budget used up) and licensed for Exchange Online: a duplicate cloud mailbox is possible${hint}`,
              evidence: { ...evidence, note: budgetNote(1) },
            });
          else unprobedUnlicensed.push(u.name);
          break;
      }
    }
    if (ok + unprobedUnlicensed.length > 0 || findings.length === 0)
      findings.push({
        target: 'on-premises mailboxes',
        status: 'pass',
        message:
          `${ok} of ${onprem.length} on-premises mailboxes have no Exchange Online mailbox (mailboxSettings 404)` +
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
