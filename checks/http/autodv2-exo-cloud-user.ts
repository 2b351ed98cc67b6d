import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { faultStatus, faultText, hostOf, probeEvidence } from './probe-findings.ts';

export default defineCheck({
  id: 'http.autodv2-exo-cloud-user',
  area: 'http',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'Exchange Online Autodiscover v2 returns EXO EWS for a cloud mailbox',
  failureTitle: 'Exchange Online Autodiscover v2 does not return EXO EWS for a cloud mailbox',
  description:
    'A mailbox moved to Exchange Online is archived from Exchange Online. EXO Autodiscover v2 must answer 200 with the Exchange Online EWS URL for it; anything else means the mailbox is not (or not only) in Exchange Online.',
  remediation:
    'Check that the sample user really has an Exchange Online mailbox (Get-Mailbox in EXO) and that the on-premises object is a remote mailbox (Get-RemoteMailbox). Finish or repair the move if it is still on-premises.',
  docs: ['https://github.com/microsoft/CSS-Exchange/blob/main/Shared/Get-ProtocolEndpointViaAutoDv2.ps1'],
  requires: ['http.autodv2', 'http.targets'],
  confidence: 'confirmed',
  options: z.object({
    /** Host names of Exchange Online EWS (default: the global cloud's). */
    exoEwsHosts: z.array(z.string()).default(['outlook.office365.com']),
  }),
  run({ artifacts, options }) {
    const targets = artifacts['http.targets'];
    const findings: Finding[] = [];
    const exoHosts = new Set(
      [...options.exoEwsHosts, hostOf(targets.exoAutodiscover) ?? ''].map((h) => h.toLowerCase()),
    );
    if (!targets.users.cloud)
      skip('no Exchange Online mailbox to ask about.', { setting: 'probes.cloudMailbox' });
    for (const a of artifacts['http.autodv2'].filter((p) => p.endpoint === 'exo' && p.userKind === 'cloud')) {
      const target = a.user;
      const evidence = { ...probeEvidence(a.probe), ...(a.answer ? { answer: a.answer } : {}) };
      const f = a.probe.fault;
      if (f) {
        findings.push({ target, status: faultStatus(f, 'fail'), message: faultText(f), evidence });
        continue;
      }
      if (a.probe.status !== 200) {
        findings.push({
          target,
          status: 'fail',
          message: `HTTP ${a.probe.status} from Exchange Online Autodiscover: the user has no mailbox there`,
          evidence: { ...evidence, body: a.probe.body?.slice(0, 300) },
        });
        continue;
      }
      const url = a.answer?.url;
      const host = hostOf(url);
      if (!url || a.answer?.protocol?.toLowerCase() !== 'ews') {
        findings.push({ target, status: 'fail', message: 'The answer is not an EWS endpoint', evidence });
      } else if (
        !url.toLowerCase().startsWith('https://') ||
        !host ||
        !exoHosts.has(host.replace(/:443$/, ''))
      ) {
        findings.push({
          target,
          status: 'fail',
          message: `Exchange Online sends this user to ${url}, not to Exchange Online EWS: the mailbox is not in Exchange Online`,
          evidence,
        });
      } else {
        findings.push({ target, status: 'pass', message: `Exchange Online EWS at ${url}`, evidence });
      }
    }
    return findings;
  },
});
