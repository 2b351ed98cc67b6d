import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { faultStatus, faultText, hostOf, probeEvidence } from './probe-findings.ts';

export default defineCheck({
  id: 'http.autodv2-exo-onprem-redirect',
  area: 'http',
  severity: 'warn',
  targetKind: 'mailbox',
  title: 'Exchange Online knows the on-premises user as a mail user (302 to on-premises)',
  failureTitle: 'Exchange Online does not redirect the on-premises mailbox to on-premises Autodiscover',
  description:
    'In a healthy hybrid, Exchange Online holds an on-premises mailbox as a mail user and its Autodiscover v2 answers 302 towards the on-premises Autodiscover endpoint. A 200 with the EXO EWS URL means the user also has a cloud mailbox; an error means the user is not synchronised or not mail-enabled in Exchange Online.',
  remediation:
    'Check the user in Exchange Online (Get-MailUser). If it has a cloud mailbox as well, remove the duplicate (see mbx.duplicate-mailboxes); if it is missing, fix directory synchronisation of the user.',
  docs: ['https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/pull/9392'],
  requires: ['http.autodv2', 'http.targets'],
  confidence: 'community',
  run({ artifacts }) {
    const targets = artifacts['http.targets'];
    const findings: Finding[] = [];
    if (!targets.users.onPremises)
      skip('no on-premises mailbox to ask about.', { setting: 'probes.onPremisesMailbox' });
    const onPremHosts = new Set(targets.autodiscoverHosts.map((h) => h.host.toLowerCase()));
    const domains = targets.domains.map((d) => d.name.toLowerCase());
    for (const a of artifacts['http.autodv2'].filter(
      (p) => p.endpoint === 'exo' && p.userKind === 'onPremises',
    )) {
      const target = a.user;
      const evidence = { ...probeEvidence(a.probe), ...(a.answer ? { answer: a.answer } : {}) };
      const f = a.probe.fault;
      if (f) {
        findings.push({ target, status: faultStatus(f, 'warn'), message: faultText(f), evidence });
        continue;
      }
      const status = a.probe.status ?? 0;
      const location = a.probe.headers.location?.[0];
      if (status >= 300 && status < 400 && location) {
        const host = hostOf(location) ?? '';
        const name = host.replace(/:443$/, '');
        const onPrem =
          onPremHosts.has(host) ||
          onPremHosts.has(name) ||
          domains.some((d) => name === `autodiscover.${d}` || name.endsWith(`.${d}`));
        if (!location.toLowerCase().startsWith('https://')) {
          findings.push({
            target,
            status: 'warn',
            message: `Redirect to a non-HTTPS URL: ${location}`,
            evidence,
          });
        } else if (onPrem) {
          findings.push({
            target,
            status: 'pass',
            message: `HTTP ${status} to on-premises ${location}`,
            evidence,
          });
        } else {
          findings.push({
            target,
            status: 'warn',
            message: `HTTP ${status} to ${host}, which is not a known on-premises Autodiscover host`,
            evidence: { ...evidence, knownHosts: [...onPremHosts] },
          });
        }
      } else if (status === 200 && a.answer?.url) {
        findings.push({
          target,
          status: 'warn',
          message: `Exchange Online answers with its own EWS URL (${a.answer.url}): the user also has a cloud mailbox`,
          evidence,
        });
      } else {
        findings.push({
          target,
          status: 'warn',
          message: `HTTP ${status} from Exchange Online Autodiscover: the user is not known there as a mail user`,
          evidence: { ...evidence, body: a.probe.body?.slice(0, 300) },
        });
      }
    }
    return findings;
  },
});
