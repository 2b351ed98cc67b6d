import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { challenges, faultStatus, faultText, probeEvidence } from './probe-findings.ts';

export default defineCheck({
  id: 'http.ews-endpoint',
  area: 'http',
  severity: 'fail',
  targetKind: 'host',
  title: 'EWS reachable on-premises',
  failureTitle: 'On-premises EWS is not reachable',
  description:
    'MailStore archives on-premises mailboxes over EWS, and Exchange Online reaches on-premises EWS for free/busy and moves. An unauthenticated GET of /EWS/Exchange.asmx must give 401 with an authentication challenge: the EWS virtual directory is alive.',
  remediation:
    'Check the EWS virtual directory (Get-WebServicesVirtualDirectory), its ExternalUrl, and that the firewall or reverse proxy publishes /EWS/ to the Exchange server. Run this scan from the MailStore host and from outside.',
  docs: ['https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites'],
  requires: ['http.ews'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const findings: Finding[] = [];
    for (const e of artifacts['http.ews']) {
      const p = e.ews;
      const schemes = challenges(p).map((c) => c.scheme);
      const evidence = { ewsUrl: e.ewsUrl, foundBy: e.from, ...probeEvidence(p), schemes };
      if (p.fault) {
        findings.push({
          target: e.host,
          status: faultStatus(p.fault, 'fail'),
          message: faultText(p.fault),
          evidence,
        });
      } else if (p.status === 401 && schemes.length > 0) {
        findings.push({
          target: e.host,
          status: 'pass',
          message: `401 with ${schemes.join(', ')}`,
          evidence,
        });
      } else if (p.status === 401) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: '401 without an authentication challenge',
          evidence,
        });
      } else if (p.status === 200) {
        findings.push({
          target: e.host,
          status: 'warn',
          message:
            'HTTP 200 without authentication: not the Exchange EWS virtual directory, or anonymous access',
          evidence,
        });
      } else {
        findings.push({
          target: e.host,
          status: 'fail',
          message: `HTTP ${p.status} from ${p.finalUrl}: EWS is not published`,
          evidence: { ...evidence, body: p.body?.slice(0, 200) },
        });
      }
    }
    if (findings.length === 0) {
      findings.push({
        target: 'EWS hosts',
        status: 'error',
        message: 'No on-premises EWS host was found to probe (Autodiscover gave none); set probes.ewsUrls',
      });
    }
    return findings;
  },
});
