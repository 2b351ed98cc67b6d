import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { HttpProbe } from '../../src/evidence/http.ts';
import { faultStatus, faultText, fromExchange, probeEvidence } from './probe-findings.ts';

/** Statuses an unauthenticated, unsigned request gets from a live Exchange endpoint. */
const LIVE = new Set([400, 401, 403, 405, 415, 500]);

function judge(target: string, what: string, p: HttpProbe, missing: 'warn' | 'info'): Finding {
  const evidence = { endpoint: what, ...probeEvidence(p) };
  if (p.fault)
    return {
      target,
      status: faultStatus(p.fault, missing),
      message: `${what}: ${faultText(p.fault)}`,
      evidence,
    };
  const status = p.status ?? 0;
  if (LIVE.has(status) && fromExchange(p))
    return { target, status: 'pass', message: `${what}: HTTP ${status} from Exchange`, evidence };
  if (status === 404) return { target, status: missing, message: `${what}: 404, not published`, evidence };
  return {
    target,
    status: missing,
    message: `${what}: HTTP ${status} without Exchange headers (X-FEServer, request-id): a proxy or another server answers`,
    evidence: { ...evidence, body: p.body?.slice(0, 200) },
  };
}

export default defineCheck({
  id: 'http.hybrid-endpoints',
  area: 'http',
  severity: 'warn',
  targetKind: 'url',
  title: 'Hybrid WS-Security and MRSProxy endpoints published',
  failureTitle: 'Hybrid endpoints are not published to the Internet',
  description:
    'Exchange Online calls on-premises /EWS/Exchange.asmx/WSSecurity (free/busy, MailTips, message tracking) and /autodiscover/autodiscover.svc/wssecurity, and /EWS/mrsproxy.svc for mailbox moves. They must be answered by Exchange itself, not a 404 or a blocking proxy page. MRSProxy is only needed for moves (information).',
  remediation: {
    text: 'Publish /EWS/ and /autodiscover/ to the Exchange front end without pre-authentication; enable MRSProxy for moves.',
    powershell: ['Set-WebServicesVirtualDirectory "<server>\\EWS (Default Web Site)" -MRSProxyEnabled $true'],
  },
  docs: ['https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites'],
  requires: ['http.ews', 'http.autodiscoverSvc'],
  confidence: 'unconfirmed',
  run({ artifacts }) {
    const findings: Finding[] = [];
    for (const e of artifacts['http.ews']) {
      findings.push(judge(e.host, 'EWS WS-Security (/EWS/Exchange.asmx/WSSecurity)', e.wsSecurity, 'warn'));
      const mrs = e.mrsProxy;
      if (!mrs.fault && mrs.status === 401)
        findings.push({
          target: e.host,
          status: 'pass',
          message: 'MRSProxy (/EWS/mrsproxy.svc): 401, enabled',
          evidence: { endpoint: 'MRSProxy', ...probeEvidence(mrs) },
        });
      else
        findings.push(
          judge(e.host, 'MRSProxy (/EWS/mrsproxy.svc), needed only for mailbox moves', mrs, 'info'),
        );
    }
    for (const s of artifacts['http.autodiscoverSvc'])
      findings.push(
        judge(
          s.host,
          'Autodiscover WS-Security (/autodiscover/autodiscover.svc/wssecurity)',
          s.probe,
          'warn',
        ),
      );
    if (findings.length === 0) {
      findings.push({
        target: 'hybrid endpoints',
        status: 'error',
        message: 'No on-premises EWS or Autodiscover host was found to probe',
      });
    }
    return findings;
  },
});
