import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { deadline } from '../../src/model/microsoft-deadlines.ts';
import { daysLeft } from '../app/app-profile.ts';

export default defineCheck({
  id: 'hybrid.first-party-sp-hygiene',
  area: 'hybrid',
  severity: 'warn',
  targetKind: 'app',
  title:
    'Office 365 Exchange Online service principal: auth certificates cleaned up, HMA endpoints registered',
  failureTitle: 'Office 365 Exchange Online service principal still holds Exchange auth certificates',
  description:
    'The Hybrid Configuration Wizard uploads the Exchange Server Auth Certificate to the shared Office 365 Exchange Online service principal. After moving to the dedicated hybrid app Microsoft removes those keys; left behind they keep the old trust alive. Its servicePrincipalNames show which on-premises URLs are registered for OAuth / Hybrid Modern Authentication.',
  remediation:
    'Once the dedicated hybrid app works, run ConfigureExchangeHybridApplication.ps1 -ResetFirstPartyServicePrincipalKeyCredentials. For HMA, register https://<ews-host>/ and https://autodiscover.<domain>/ as servicePrincipalNames (OAuth configuration, step "RegisterEndpoints").',
  docs: [
    'https://microsoft.github.io/CSS-Exchange/Hybrid/ConfigureExchangeHybridApplication/',
    'https://learn.microsoft.com/microsoft-365/enterprise/configure-exchange-server-for-hybrid-modern-authentication',
  ],
  dependsOn: ['tenant.exo-service-enabled'],
  requires: ['graph.exoServicePrincipal'],
  optional: ['graph.hybridApps'],
  confidence: 'confirmed',
  knowledge: ['microsoft-deadlines'],
  run({ artifacts, now }) {
    const sp = artifacts['graph.exoServicePrincipal'];
    if (!sp)
      return [
        {
          target: 'Office 365 Exchange Online',
          status: 'warn',
          message:
            'The Office 365 Exchange Online service principal is missing: Exchange Online is not provisioned (see tenant.exo-service-enabled)',
        },
      ];
    const target = `Office 365 Exchange Online (${sp.id})`;
    const keys = sp.keyCredentials ?? [];
    const dedicated = (artifacts['graph.hybridApps'] ?? []).length > 0;
    const findings: Finding[] = [];
    const keyEvidence = {
      keyCredentials: keys.map((k) => ({
        displayName: k.displayName,
        type: k.type,
        usage: k.usage,
        endDateTime: k.endDateTime,
        expired: (daysLeft(k, now) ?? 1) <= 0,
      })),
      dedicatedHybridApp: dedicated,
    };
    if (keys.length === 0)
      findings.push({
        target,
        status: 'pass',
        message: 'No key credentials left on the first-party service principal',
        evidence: keyEvidence,
      });
    else if (dedicated)
      findings.push({
        target,
        status: 'warn',
        message: `${keys.length} key credential(s) still on the first-party service principal although the dedicated hybrid app exists: reset them`,
        evidence: keyEvidence,
      });
    else {
      // CVE-2025-53786: an on-premises admin holding the certificate whose key sits on the shared
      // service principal can act in Exchange Online. After Microsoft's block date the keys no longer
      // serve hybrid EWS calls at all, so they are exposure only.
      const blocked = now.toISOString().slice(0, 10) >= deadline('first-party-sp-blocked');
      findings.push({
        target,
        status: 'warn',
        message: blocked
          ? `${keys.length} key credential(s) (Exchange auth certificates) left on the shared first-party service principal (CVE-2025-53786 exposure); EWS calls with it are blocked since ${deadline('first-party-sp-blocked')}: deploy the dedicated hybrid app, then reset the keys`
          : `${keys.length} key credential(s) (Exchange auth certificates) on the shared first-party service principal (CVE-2025-53786 exposure): deploy the dedicated hybrid app before ${deadline('first-party-sp-blocked')}, then reset the keys`,
        evidence: { ...keyEvidence, cve: 'CVE-2025-53786' },
      });
    }
    const urls = (sp.servicePrincipalNames ?? []).filter((n) => /^https:\/\//i.test(n));
    const onPrem = urls.filter(
      (u) => !/\.(office365|outlook|microsoft)\.com\/?$/i.test(new URL(u).hostname + '/'),
    );
    findings.push({
      target: `${target}: servicePrincipalNames`,
      status: 'info',
      message:
        onPrem.length > 0
          ? `On-premises URLs registered for OAuth/HMA: ${onPrem.join(', ')}`
          : 'No on-premises URLs registered (Hybrid Modern Authentication not configured)',
      evidence: { servicePrincipalNames: sp.servicePrincipalNames ?? [] },
    });
    return findings;
  },
});
