import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import {
  appTarget,
  configured,
  credentialsOf,
  daysLeft,
  FULL_ACCESS_AS_APP,
  granted,
} from '../app/app-profile.ts';

const NAME = /^ExchangeServerApp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default defineCheck({
  id: 'hybrid.dedicated-app-cloud',
  area: 'hybrid',
  severity: 'warn',
  targetKind: 'app',
  title: 'The dedicated Exchange hybrid app exists in Entra ID',
  failureTitle: 'The dedicated Exchange hybrid app is missing or incomplete',
  description:
    'Microsoft moves hybrid OAuth (free/busy, MailTips, cross-premises archiving and moves) from the shared Office 365 Exchange Online service principal to a dedicated app "ExchangeServerApp-<org GUID>" with full_access_as_app, admin consent and the current Exchange Server Auth Certificate.',
  remediation:
    'Run ConfigureExchangeHybridApplication.ps1 (microsoft/CSS-Exchange) with -FullyConfigureExchangeHybridApplication, then enable the dedicated app on-premises (Setting Override EnableExchangeHybrid3PAppFeature).',
  docs: [
    'https://microsoft.github.io/CSS-Exchange/Hybrid/ConfigureExchangeHybridApplication/',
    'https://learn.microsoft.com/exchange/hybrid-deployment/deploy-dedicated-hybrid-app',
  ],
  requires: ['graph.hybridApps'],
  optional: ['graph.resourceServicePrincipals'],
  confidence: 'confirmed',
  run({ artifacts, now }) {
    const apps = artifacts['graph.hybridApps'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    if (apps.length === 0)
      return [
        {
          target: 'ExchangeServerApp-*',
          status: 'warn',
          message:
            'No dedicated Exchange hybrid app: hybrid OAuth still uses the shared first-party service principal',
        },
      ];
    const findings: Finding[] = [];
    for (const app of apps) {
      const target = appTarget(app);
      const problems: string[] = [];
      const name = app.application?.displayName ?? '';
      if (!NAME.test(name)) problems.push(`name "${name}" is not ExchangeServerApp-<organization GUID>`);
      if (!configured(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id))
        problems.push('full_access_as_app is not configured as an application permission');
      if (!app.servicePrincipal) problems.push('no service principal');
      else if (!granted(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id, resources))
        problems.push('no admin consent for full_access_as_app');
      const certs = credentialsOf({ keyCredentials: app.application?.keyCredentials }).filter(
        (c) => (daysLeft(c, now) ?? 1) > 0,
      );
      if (certs.length === 0) problems.push('no valid Exchange Server Auth Certificate in keyCredentials');
      const evidence = {
        displayName: name,
        servicePrincipalId: app.servicePrincipal?.id ?? null,
        keyCredentials: (app.application?.keyCredentials ?? []).map((k) => ({
          displayName: k.displayName,
          endDateTime: k.endDateTime,
        })),
      };
      findings.push(
        problems.length === 0
          ? {
              target,
              status: 'pass',
              message:
                'Dedicated hybrid app with full_access_as_app, admin consent and a valid auth certificate',
              evidence,
            }
          : { target, status: 'warn', message: problems.join('; '), evidence },
      );
    }
    if (apps.length > 1)
      findings.push({
        target: 'ExchangeServerApp-*',
        status: 'warn',
        message: `${apps.length} dedicated hybrid apps: only the one whose appId is configured on-premises is used; remove the others`,
        evidence: { appIds: apps.map((a) => a.appId) },
      });
    return findings;
  },
});
