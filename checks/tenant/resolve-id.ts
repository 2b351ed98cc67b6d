import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'tenant.resolve-id',
  area: 'tenant',
  severity: 'fail',
  targetKind: 'domain',
  title: 'Tenant resolves from its name and every mail domain',
  failureTitle: 'Tenant cannot be resolved, or mail domains point to different tenants',
  description:
    'Every later step needs the tenant GUID, which Entra ID publishes in the OpenID configuration of the tenant and of each of its domains. Mail domains that resolve to another tenant, or to none, cannot be archived as one organisation.',
  remediation: {
    text: 'Check the tenant name in the config. Add and verify each mail domain in the tenant that holds the mailboxes.',
    portal: 'Microsoft 365 admin center > Settings > Domains',
  },
  docs: ['https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc'],
  requires: ['openid.tenants'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const lookups = Object.values(artifacts['openid.tenants']);
    const findings: Finding[] = lookups.map((l) => {
      const evidence = {
        url: l.global.url,
        httpStatus: l.global.httpStatus,
        issuer: l.global.document?.issuer,
      };
      if (l.global.fault)
        return { target: l.name, status: 'error', message: `Lookup failed: ${l.global.fault}`, evidence };
      if (l.tenantId)
        return {
          target: l.name,
          status: 'pass',
          message: `Tenant ${l.tenantId}`,
          evidence: { ...evidence, tenantId: l.tenantId },
        };
      if (l.global.httpStatus === 200) {
        return {
          target: l.name,
          status: 'fail',
          message: 'OpenID document has no tenant GUID in its issuer',
          evidence,
        };
      }
      const code = l.global.error?.aadsts ?? l.global.error?.code;
      const elsewhere = l.national.find((n) => n.document);
      return {
        target: l.name,
        status: 'fail',
        message: `Not found in the global cloud (HTTP ${l.global.httpStatus}${code ? `, ${code}` : ''})${elsewhere ? `; found in the ${elsewhere.cloud === 'china' ? '21Vianet (China)' : 'US Government'} cloud` : ''}`,
        evidence: {
          ...evidence,
          error: l.global.error,
          ...(elsewhere ? { nationalCloud: elsewhere.cloud, nationalUrl: elsewhere.url } : {}),
        },
      };
    });

    const ids = new Map<string, string[]>();
    for (const l of lookups) if (l.tenantId) ids.set(l.tenantId, [...(ids.get(l.tenantId) ?? []), l.name]);
    if (ids.size > 1) {
      findings.push({
        target: 'all names',
        status: 'fail',
        message: `Names resolve to ${ids.size} different tenants`,
        evidence: Object.fromEntries(ids),
      });
    }
    return findings;
  },
});
