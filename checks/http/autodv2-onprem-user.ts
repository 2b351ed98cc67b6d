import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { certCovers, faultStatus, faultText, hostOf, probeEvidence, tlsFor } from './probe-findings.ts';

export default defineCheck({
  id: 'http.autodv2-onprem-user',
  area: 'http',
  severity: 'fail',
  targetKind: 'host',
  title: 'Autodiscover v2 on-premises returns EWS for an on-premises mailbox',
  failureTitle: 'On-premises Autodiscover v2 does not return a usable EWS URL for an on-premises mailbox',
  description:
    'MailStore archives on-premises mailboxes over on-premises EWS and finds it through Autodiscover. Autodiscover v2 (autodiscover.json) must answer 200 with an https EWS URL whose host is on the certificate.',
  remediation: {
    text: 'Publish https://autodiscover.<domain>/autodiscover/autodiscover.json on the Exchange front end (firewall/reverse proxy), set the EWS ExternalUrl and include that host on the Exchange certificate.',
    powershell: [
      'Set-WebServicesVirtualDirectory "<server>\\EWS (Default Web Site)" -ExternalUrl https://<host>/EWS/Exchange.asmx',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/architecture/client-access/autodiscover',
    'https://github.com/microsoft/CSS-Exchange/blob/main/Shared/Get-ProtocolEndpointViaAutoDv2.ps1',
  ],
  requires: ['http.autodv2', 'http.targets'],
  optional: ['http.tls'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const targets = artifacts['http.targets'];
    const tls = artifacts['http.tls'];
    const findings: Finding[] = [];
    if (!targets.users.onPremises)
      skip('no on-premises mailbox to ask about.', { setting: 'probes.onPremisesMailbox' });
    if (targets.autodiscoverHosts.length === 0)
      skip('no Autodiscover host known (no mail domain, SRV record or SCP).', { setting: 'domains' });
    for (const a of artifacts['http.autodv2'].filter((p) => p.endpoint === 'onprem')) {
      const target = `${a.host} (${a.user})`;
      const evidence = { user: a.user, ...probeEvidence(a.probe), ...(a.answer ? { answer: a.answer } : {}) };
      if (a.userKind === 'cloud') {
        // Informational: where on-prem Autodiscover sends a remote (cloud) mailbox.
        const where = a.probe.fault
          ? `failed: ${faultText(a.probe.fault)}`
          : a.answer?.url
            ? `ends at EWS ${a.answer.url}${a.probe.redirects.length ? ` after ${a.probe.redirects.length} redirect(s)` : ''}`
            : `answers HTTP ${a.probe.status}`;
        findings.push({
          target,
          // A probe that never got an answer (timeout, reset) is unknown: error, never an informational line.
          status: a.probe.fault
            ? faultStatus(a.probe.fault, 'info')
            : a.answer?.url?.toLowerCase().startsWith('https://')
              ? 'pass'
              : 'info',
          message: `Remote mailbox asked on-premises: ${where}`,
          evidence,
        });
        continue;
      }
      const f = a.probe.fault;
      if (f) {
        findings.push({ target, status: faultStatus(f, 'fail'), message: faultText(f), evidence });
        continue;
      }
      if (a.probe.status !== 200) {
        findings.push({ target, status: 'fail', message: `HTTP ${a.probe.status} instead of 200`, evidence });
        continue;
      }
      const url = a.answer?.url;
      if (!url || a.answer?.protocol?.toLowerCase() !== 'ews') {
        findings.push({
          target,
          status: 'fail',
          message: 'The answer is not an EWS endpoint ({"Protocol":"EWS","Url":…} expected)',
          evidence: { ...evidence, body: a.probe.body?.slice(0, 300) },
        });
        continue;
      }
      if (!url.toLowerCase().startsWith('https://')) {
        findings.push({ target, status: 'fail', message: `The EWS URL is not https: ${url}`, evidence });
        continue;
      }
      const ewsHost = hostOf(url) ?? '';
      const hs = tlsFor(tls, ewsHost);
      if (hs?.fault) {
        findings.push({
          target,
          status: faultStatus(hs.fault, 'fail'),
          message: `EWS URL ${url}, but the TLS handshake with ${ewsHost} failed: ${faultText(hs.fault)}`,
          evidence,
        });
      } else if (hs?.certificate && !certCovers(hs.certificate, ewsHost)) {
        findings.push({
          target,
          status: 'fail',
          message: `EWS URL ${url}, but ${ewsHost} is not on its certificate`,
          evidence: { ...evidence, certificateSans: hs.certificate.sans },
        });
      } else {
        findings.push({
          target,
          status: 'pass',
          message: `EWS at ${url}${hs?.certificate ? ' (host on the certificate)' : ''}`,
          evidence,
        });
      }
    }
    return findings;
  },
});
