import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import { challenges, faultText, probeEvidence } from './probe-findings.ts';

const EXO_APP = '00000002-0000-0ff1-ce00-000000000000';
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export default defineCheck({
  id: 'http.hma-bearer-challenge',
  area: 'http',
  severity: 'warn', // info normally; warn for the violations it names (catalogue: info/warn)
  targetKind: 'host',
  title: 'Hybrid Modern Authentication advertised on-premises',
  failureTitle: 'Hybrid Modern Authentication is not advertised on-premises',
  description:
    'With Hybrid Modern Authentication, on-premises Exchange answers a request with an empty Bearer token with a Bearer challenge naming Exchange Online (client_id 00000002-…), the tenant in trusted_issuers and an authorization_uri. The tenant in trusted_issuers must be this tenant.',
  remediation: {
    text: 'Run the Hybrid Configuration Wizard with OAuth, then enable HMA. A foreign tenant in trusted_issuers means the auth server points to the wrong tenant: re-run the HCW against this tenant.',
    powershell: [
      'Set-AuthServer EvoSTS -IsDefaultAuthorizationEndpoint $true',
      'Set-OrganizationConfig -OAuth2ClientProfileEnabled $true',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/clients/outlook-for-ios-and-android/use-hybrid-modern-auth',
    'https://github.com/microsoft/CSS-Exchange/blob/main/Hybrid/Test-HMAEAS.ps1',
  ],
  requires: ['http.ews'],
  optional: ['openid.tenants'],
  confidence: 'confirmed',
  options: z.object({
    /** The customer intends HMA: a missing challenge is a warning, not information. */
    expectHma: z.boolean().default(false),
  }),
  run({ artifacts, options }) {
    const tenants = Object.values(artifacts['openid.tenants'] ?? {});
    const tenantId = (tenants.find((t) => t.primary) ?? tenants.find((t) => t.tenantId))?.tenantId;
    const missing: FindingStatus = options.expectHma ? 'warn' : 'info';
    const findings: Finding[] = [];
    for (const e of artifacts['http.ews']) {
      const probe = e.bearer;
      const diagnostics = probe.headers['x-ms-diagnostics']?.join('; ');
      const bearer = challenges(probe).find((c) => c.scheme.toLowerCase() === 'bearer');
      const evidence = {
        ...probeEvidence(probe),
        ...(bearer ? { bearer: bearer.params } : {}),
        ...(tenantId ? { tenantId } : {}),
      };
      if (probe.fault) {
        findings.push({ target: e.host, status: 'error', message: faultText(probe.fault), evidence });
        continue;
      }
      if (!bearer && probe.status !== 401) {
        findings.push({
          target: e.host,
          status: 'error',
          message: `EWS answered HTTP ${probe.status} instead of a 401 challenge: whether HMA is on cannot be read`,
          evidence,
        });
        continue;
      }
      if (!bearer) {
        findings.push({
          target: e.host,
          status: missing,
          message: `No Bearer challenge (HTTP ${probe.status}): OAuth/HMA is not configured on-premises`,
          evidence,
        });
        continue;
      }
      // trusted_issuers="00000001-0000-0000-c000-000000000000@<tenant GUID>": the realm after '@'.
      const issuerTenant = bearer.params.trusted_issuers
        ?.split(',')
        .map((i) => i.trim().split('@')[1]?.match(GUID)?.[0]?.toLowerCase())
        .find(Boolean);
      if (tenantId && issuerTenant && issuerTenant !== tenantId.toLowerCase()) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `trusted_issuers names tenant ${issuerTenant}, but this tenant is ${tenantId}`,
          evidence,
        });
        continue;
      }
      if (bearer.params.client_id && bearer.params.client_id.toLowerCase() !== EXO_APP) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `Bearer client_id is ${bearer.params.client_id}, not Exchange Online (${EXO_APP})`,
          evidence,
        });
        continue;
      }
      if (!bearer.params.authorization_uri || /oauth_not_available/i.test(diagnostics ?? '')) {
        findings.push({
          target: e.host,
          status: missing,
          message: `OAuth is configured (Bearer challenge${issuerTenant ? ` for tenant ${issuerTenant}` : ''}) but HMA is off: no authorization_uri${diagnostics ? `; x-ms-diagnostics: ${diagnostics}` : ''}`,
          evidence,
        });
        continue;
      }
      findings.push({
        target: e.host,
        status: 'pass',
        message: `HMA advertised: authorization_uri ${bearer.params.authorization_uri}${issuerTenant ? `, trusted issuer tenant ${issuerTenant}${tenantId ? ' (this tenant)' : ' (tenant id not known to compare)'}` : ''}`,
        evidence,
      });
    }
    if (findings.length === 0) {
      findings.push({
        target: 'EWS hosts',
        status: 'error',
        message: 'No on-premises EWS host was found to ask (Autodiscover gave none); set probes.ewsUrls',
      });
    }
    return findings;
  },
});
