import { z } from 'zod';
import { defineCheck, isoDateOption } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { GraphAppInfo, GraphServicePrincipal } from '../../src/evidence/graph.ts';
import { EXO_APP_ID, GRAPH_APP_ID } from '../../src/model/graph-permissions.ts';
import { deadline } from '../../src/model/microsoft-deadlines.ts';
import {
  appTarget,
  configured,
  credentialsOf,
  daysLeft,
  FULL_ACCESS_AS_APP,
  granted,
} from '../app/app-profile.ts';

const NAME = /^ExchangeServerApp-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options = z.strictObject({
  /**
   * Microsoft Graph application permissions of the Graph stage, as Microsoft's
   * ConfigureExchangeHybridApplication.ps1 grants them (issue 12; re-check with every script release).
   */
  graphPermissions: z
    .array(z.string())
    .default(['Calendars.Read', 'MailboxSettings.Read', 'MailTips.ReadBasic.All', 'ProfilePhoto.Read.All']),
  /** From this date hybrid calls can no longer use EWS in Exchange Online, so the Graph stage is required. */
  graphRequiredFrom: isoDateOption.default(deadline('ews-shutdown-exo')),
});

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
  optional: ['graph.resourceServicePrincipals', 'ldap.authServers'],
  confidence: 'confirmed',
  knowledge: ['microsoft-deadlines'],
  options,
  run({ artifacts, now, options: opts }) {
    const apps = artifacts['graph.hybridApps'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    // The app on-premises Exchange really uses is the one its auth server names (custom names are valid).
    const inUse = new Set(
      (artifacts['ldap.authServers'] ?? [])
        .filter(
          (s) => s.enabled && s.applicationIdentifier && s.applicationIdentifier.toLowerCase() !== EXO_APP_ID,
        )
        .map((s) => s.applicationIdentifier!.toLowerCase()),
    );
    const today = now.toISOString().slice(0, 10);
    const graphRequired = today >= opts.graphRequiredFrom;
    const findings: Finding[] = [];
    for (const id of inUse)
      if (!apps.some((a) => a.appId.toLowerCase() === id))
        findings.push({
          target: id,
          status: 'warn',
          message: `The on-premises auth server uses app ${id}, but Entra ID has no application or service principal with this id: it was deleted and hybrid OAuth fails (snapshots before hybridscan read apps by id list only ExchangeServerApp-* names)`,
        });
    if (apps.length === 0 && findings.length === 0)
      return [
        {
          target: 'ExchangeServerApp-*',
          status: 'warn',
          message:
            'No dedicated Exchange hybrid app: hybrid OAuth still uses the shared first-party service principal',
        },
      ];
    for (const app of apps) {
      const target = appTarget(app);
      const problems: string[] = [];
      const name = app.application?.displayName ?? '';
      const used = inUse.has(app.appId.toLowerCase());
      if (!NAME.test(name) && !used && inUse.size === 0)
        problems.push(
          `name "${name}" is not ExchangeServerApp-<organization GUID> and no on-premises auth server evidence says it is the one in use`,
        );
      const ewsConfigured = configured(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id);
      const graph = graphStage(
        app,
        target,
        resources,
        opts.graphPermissions,
        graphRequired,
        opts.graphRequiredFrom,
      );
      // A Graph-only app is valid (issue 12 item 3): with the Graph stage complete, no EWS stage is no fault.
      const graphOnly = !ewsConfigured && graph.status === 'pass';
      if (!ewsConfigured && !graphOnly)
        problems.push('full_access_as_app is not configured as an application permission');
      if (!app.servicePrincipal) problems.push('no service principal');
      else if (
        ewsConfigured &&
        !granted(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id, resources)
      )
        problems.push('no admin consent for full_access_as_app');
      const certs = credentialsOf({ keyCredentials: app.application?.keyCredentials }).filter(
        (c) => (daysLeft(c, now) ?? 1) > 0,
      );
      if (certs.length === 0) problems.push('no valid Exchange Server Auth Certificate in keyCredentials');
      const evidence = {
        displayName: name,
        ...(inUse.size ? { usedByOnPremisesAuthServer: used } : {}),
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
              message: graphOnly
                ? 'EWS stage: not configured — a Graph-only dedicated hybrid app with a valid auth certificate (servers before Exchange SE 15.2.2562.41 still need EWS: see exch.dedicated-hybrid-app-onprem)'
                : 'EWS stage: dedicated hybrid app with full_access_as_app, admin consent and a valid auth certificate',
              evidence,
            }
          : { target, status: 'warn', message: `EWS stage: ${problems.join('; ')}`, evidence },
      );
      if (inUse.size > 0 && !used) continue; // a leftover app: only its EWS state and the "remove" note matter
      findings.push(graph);
    }
    if (apps.length > 1)
      findings.push({
        target: 'ExchangeServerApp-*',
        status: 'warn',
        message: `${apps.length} dedicated hybrid apps: only the one whose appId is configured on-premises is used; remove the others`,
        evidence: { appIds: apps.map((a) => a.appId), ...(inUse.size ? { usedOnPremises: [...inUse] } : {}) },
      });
    return findings;
  },
});

/** The Graph stage: Microsoft Graph application permissions configured and consented, matched by name. */
function graphStage(
  app: GraphAppInfo,
  target: ReturnType<typeof appTarget>,
  resources: Record<string, GraphServicePrincipal> | undefined,
  wanted: string[],
  required: boolean,
  requiredFrom: string,
): Finding {
  const roles = resources?.[GRAPH_APP_ID]?.appRoles;
  if (!roles)
    return {
      target,
      status: 'info',
      message: 'Graph stage: not judged (the Microsoft Graph service principal’s app roles were not read)',
    };
  const missing = wanted.filter((name) => {
    const id = roles.find((r) => r.value === name)?.id;
    return !id || !configured(app, GRAPH_APP_ID, id) || !granted(app, GRAPH_APP_ID, id, resources);
  });
  const evidence = { graphPermissions: wanted, missing, requiredFrom };
  if (missing.length === 0)
    return {
      target,
      status: 'pass',
      message: `Graph stage: ${wanted.join(', ')} configured with admin consent`,
      evidence,
    };
  return {
    target,
    status: required ? 'warn' : 'info',
    message: `Graph stage: ${missing.join(', ')} not configured with admin consent; ${required ? `since ${requiredFrom} hybrid free/busy, MailTips and photos need it (EWS is shut down in Exchange Online)` : `needed before ${requiredFrom}, when EWS is shut down in Exchange Online (run ConfigureExchangeHybridApplication.ps1; Exchange SE with the May 2026 hotfix)`}`,
    evidence,
  };
}
