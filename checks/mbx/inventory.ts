import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { originText } from '../../src/model/exo-origin.ts';
import {
  budgetNote,
  cloudMailboxOf,
  MAILBOX_SETTINGS_DOCS,
  type MailboxUser,
  typeName,
} from './placement.ts';

const options = z.strictObject({
  /** At most this many user names per location in the evidence (counts are always complete). */
  maxNames: z.number().int().min(0).default(50),
});

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

const describe = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');

export default defineCheck({
  id: 'mbx.inventory',
  area: 'mbx',
  severity: 'info',
  targetKind: 'organization',
  title: 'Where every mailbox lives',
  failureTitle: 'Where every mailbox lives',
  description:
    'Counts the mailboxes per location and type: on-premises (msExchRecipientTypeDetails), in Exchange Online through a remote mailbox, and cloud-only (mailboxSettings answers). This is the scope of MailStore’s archiving profiles: the Exchange Server (EWS) profile for on-premises mailboxes, the Microsoft 365 profile for Exchange Online mailboxes.',
  remediation: 'None: an inventory. Use it to plan the archiving profiles.',
  docs: [MAILBOX_SETTINGS_DOCS, 'https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/6519'],
  requires: ['ldap.users'],
  optional: ['graph.users', 'graph.mailboxProbes', 'exo.mailboxes'],
  confidence: 'community',
  options,
  run({ artifacts, model, options: opts }) {
    const graphUsers = artifacts['graph.users'];
    const probes = artifacts['graph.mailboxProbes'];
    const p = model.mailboxes;
    const names = (us: readonly MailboxUser[]) =>
      us.slice(0, opts.maxNames).map((u) => u.primarySmtp ?? u.name);
    const byType = (us: readonly MailboxUser[]) => countBy(us, (u) => (u.ad && typeName(u.ad)) ?? '?');
    const findings: Finding[] = [];
    const onprem = p.adUsers.filter((u) => u.placement === 'onprem');
    const remote = p.adUsers.filter((u) => u.placement === 'remote');
    const pf = p.adUsers.filter((u) => u.placement === 'public-folder');
    const other = p.adUsers.filter((u) => u.placement === 'other');
    findings.push({
      target: 'on-premises',
      status: 'info',
      message: onprem.length
        ? `${onprem.length} mailbox(es) on-premises (${describe(byType(onprem))}): MailStore Exchange Server (EWS) profile`
        : 'No mailboxes on-premises',
      evidence: { count: onprem.length, byType: byType(onprem), users: names(onprem) },
    });
    findings.push({
      target: 'Exchange Online (remote mailboxes)',
      status: 'info',
      message: remote.length
        ? `${remote.length} remote mailbox(es) in Exchange Online (${describe(byType(remote))}): MailStore Microsoft 365 profile`
        : 'No remote mailboxes (nothing moved to Exchange Online yet)',
      evidence: {
        count: remote.length,
        byType: byType(remote),
        byProbe: countBy(remote, (u) => u.cloud),
        users: names(remote),
      },
    });
    if (graphUsers && probes) {
      const cloudOnly = p.cloudOnly.filter((u) => u.cloud === 'cloud');
      findings.push({
        target: 'Exchange Online (cloud-only)',
        status: 'info',
        message: cloudOnly.length
          ? `${cloudOnly.length} cloud-only mailbox(es) (${describe(countBy(cloudOnly, (u) => u.probe?.userPurpose ?? 'unknown purpose'))}): MailStore Microsoft 365 profile`
          : 'No cloud-only mailboxes among the probed users',
        evidence: {
          count: cloudOnly.length,
          byUserPurpose: countBy(cloudOnly, (u) => u.probe?.userPurpose ?? 'unknown'),
          users: names(cloudOnly),
        },
      });
      // Probe coverage of the mailbox users the join found in Entra. A user the complete mailbox
      // list answers for needs no probe: the budget only bounds the others.
      const relevant = [...onprem, ...remote].filter((u) => u.graph);
      const notProbed = relevant.filter((u) => u.cloud === 'not-probed');
      const uncovered = notProbed.filter((u) => cloudMailboxOf(u).basis === 'none');
      const byList = notProbed.length - uncovered.length;
      findings.push({
        target: 'cloud mailbox probes',
        status: 'info',
        message: uncovered.length
          ? `${relevant.length - notProbed.length} of ${relevant.length} synchronised mailbox users probed; ${budgetNote(uncovered.length)}`
          : byList
            ? `All ${relevant.length} synchronised mailbox users answered: ${byList} by the complete Exchange Online mailbox list alone, ${relevant.length - byList} probed`
            : `All ${relevant.length} synchronised mailbox users probed (mailboxSettings)`,
        evidence: {
          probed: Object.keys(probes).length,
          ...(byList ? { answeredByMailboxList: byList } : {}),
          notProbed: names(uncovered),
          withoutEntraUser: names(
            p.adUsers.filter((u) => u.cloud === 'no-entra-user' && u.placement !== 'other'),
          ),
          syncedNotInAd: p.unmatchedSynced.length,
        },
      });
    } else
      findings.push({
        target: 'cloud mailbox probes',
        status: 'info',
        message:
          'Graph users or mailbox probes not collected: the Exchange Online side is taken from AD alone',
      });
    const list = artifacts['exo.mailboxes'];
    if (list) {
      const byRecipientType = countBy(list.mailboxes, (m) => m.recipientTypeDetails || '?');
      findings.push({
        target: 'Exchange Online mailbox list',
        status: 'info',
        message: `${list.mailboxes.length} row(s) in the Exchange Online mailbox list (${describe(byRecipientType) || 'none'})${list.complete ? '' : '; the list is incomplete (paging stopped): absence from it proves nothing'} [${originText(list)}]`,
        evidence: {
          rows: list.mailboxes.length,
          complete: list.complete,
          byRecipientType,
          unmatched: p.exoUnmatched.slice(0, opts.maxNames).map((m) => m.primarySmtpAddress),
        },
      });
    }
    if (pf.length)
      findings.push({
        target: 'public folders',
        status: 'info',
        message: `${pf.length} public folder mailbox(es) on-premises`,
        evidence: { count: pf.length, mailboxes: names(pf) },
      });
    if (other.length)
      findings.push({
        target: 'other recipients',
        status: 'info',
        message: `${other.length} other recipient(s) with a recipient type (system, arbitration, mail users…): not archived as user mailboxes`,
        evidence: { byType: byType(other) },
      });
    return findings;
  },
});
