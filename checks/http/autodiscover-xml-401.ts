import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { challenges, faultStatus, faultText, probeEvidence } from './probe-findings.ts';

const KNOWN = ['negotiate', 'ntlm', 'basic', 'bearer'];

export default defineCheck({
  id: 'http.autodiscover-xml-401',
  area: 'http',
  severity: 'warn',
  targetKind: 'host',
  title: 'Legacy POX Autodiscover challenges correctly',
  failureTitle: 'Legacy POX Autodiscover does not answer with an authentication challenge',
  description:
    'Clients and MailStore still POST to /autodiscover/autodiscover.xml. Exchange answers an unauthenticated POST with 401 and WWW-Authenticate (Negotiate/NTLM/Basic, and Bearer with modern authentication). A 200 or a redirect often comes from a web server on the root domain (a redirect trap), a 404 from a missing publication.',
  remediation:
    'Point autodiscover.<domain> (or the SRV record) at the Exchange front end and publish /autodiscover/ on the reverse proxy or firewall without pre-authentication.',
  docs: [
    'https://learn.microsoft.com/exchange/client-developer/web-service-reference/pox-autodiscover-response-for-exchange',
  ],
  requires: ['http.pox'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const findings: Finding[] = [];
    for (const { host, probe } of artifacts['http.pox']) {
      const schemes = challenges(probe).map((c) => c.scheme);
      const evidence = { ...probeEvidence(probe), schemes };
      if (probe.fault) {
        findings.push({
          target: host,
          status: faultStatus(probe.fault, 'warn'),
          message: faultText(probe.fault),
          evidence,
        });
        continue;
      }
      const status = probe.status ?? 0;
      const offered = schemes.filter((s) => KNOWN.includes(s.toLowerCase()));
      if (status === 401 && offered.length > 0) {
        findings.push({ target: host, status: 'pass', message: `401 with ${offered.join(', ')}`, evidence });
      } else if (status === 401) {
        findings.push({
          target: host,
          status: 'warn',
          message: '401 without a Negotiate, NTLM, Basic or Bearer challenge',
          evidence,
        });
      } else if (status >= 300 && status < 400) {
        findings.push({
          target: host,
          status: 'warn',
          message: `HTTP ${status} redirect to ${probe.headers.location?.[0] ?? '(no Location)'}: not answered by Exchange (redirect trap)`,
          evidence,
        });
      } else if (status === 200) {
        findings.push({
          target: host,
          status: 'warn',
          message: 'HTTP 200 without authentication: answered by a non-Exchange web server',
          evidence: { ...evidence, body: probe.body?.slice(0, 300) },
        });
      } else {
        findings.push({ target: host, status: 'warn', message: `HTTP ${status} instead of 401`, evidence });
      }
    }
    if (findings.length === 0)
      skip('no Autodiscover host known (no mail domain, SRV record or SCP).', { setting: 'domains' });
    return findings;
  },
});
