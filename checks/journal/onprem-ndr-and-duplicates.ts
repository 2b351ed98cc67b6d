import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { gatewayOf, JOURNALING_DOC, normAddress, reachesGateway } from './common.ts';

export default defineCheck({
  id: 'journal.onprem-ndr-and-duplicates',
  area: 'journal',
  severity: 'info',
  targetKind: 'organization',
  title: 'On-premises journaling NDR recipient and duplicate journal reports',
  failureTitle: 'On-premises journaling NDR recipient and duplicate journal reports',
  description:
    'Shows the on-premises JournalingReportNdrTo (msExchJournalingReportNdrTo). In a hybrid some journal reports are duplicated by design when both sides journal: on-premises → cloud messages are journaled twice (Microsoft can prevent it for the tenant), cloud → on-premises cannot be prevented.',
  remediation: {
    text: 'Set the on-premises journaling NDR address to a mailbox that is not journaled. Expect some duplicate journal reports; MailStore deduplicates identical messages when archiving (unconfirmed for journal reports).',
    powershell: ['Set-TransportConfig -JournalingReportNdrTo <a mailbox that is not journaled>'],
  },
  docs: [JOURNALING_DOC],
  requires: ['ldap.transportSettings'],
  optional: ['ldap.journalRules', 'exo.journalRules', 'ldap.users', 'ldap.mailObjects'],
  confidence: 'decompiled',
  run({ artifacts, settings }) {
    const t = artifacts['ldap.transportSettings'];
    const gateway = gatewayOf(settings);
    const ndr = normAddress(t?.journalingReportNdrTo);
    const findings: Finding[] = [
      {
        target: 'JournalingReportNdrTo (on-premises)',
        status: 'info',
        message: !t
          ? 'The Transport Settings container was not found'
          : !ndr
            ? 'Not set: NDRs for journal reports the Gateway refuses are dropped'
            : ndr === gateway
              ? `${ndr}: the Gateway itself; NDRs for refused journal reports would go back to it`
              : `${ndr}`,
        evidence: { dn: t?.dn ?? null, msExchJournalingReportNdrTo: t?.journalingReportNdrTo ?? null },
      },
    ];
    const onprem =
      !!gateway &&
      (artifacts['ldap.journalRules'] ?? []).some((r) =>
        r.parsed?.recipients.some((a) =>
          reachesGateway(a, gateway, artifacts['ldap.users'], artifacts['ldap.mailObjects']),
        ),
      );
    const cloud = (artifacts['exo.journalRules']?.rules ?? []).some(
      (r) => normAddress(r.journalEmailAddress) === gateway && r.enabled !== false,
    );
    if (onprem && cloud)
      findings.push({
        target: 'duplicate journal reports',
        status: 'info',
        message:
          'Both sides journal to the Gateway: messages between on-premises and Exchange Online mailboxes are journaled on both sides (on-premises → cloud can be prevented by Microsoft support, cloud → on-premises cannot); MailStore receives duplicates',
        evidence: { onPremisesRuleToGateway: onprem, exchangeOnlineRuleToGateway: cloud },
      });
    return findings;
  },
});
