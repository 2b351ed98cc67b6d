import { z } from 'zod';
import { defineCheck, isoDateOption } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import type { ExoOrganizationConfig } from '../../src/evidence/exo.ts';
import { originText } from '../../src/model/exo-origin.ts';
import { GRAPH_APP_ID, GRAPH_PERMISSION_IDS } from '../../src/model/graph-permissions.ts';
import { deadline, MICROSOFT_DEADLINES } from '../../src/model/microsoft-deadlines.ts';
import { appRef, configured, FULL_ACCESS_AS_APP, granted } from './app-profile.ts';

const options = z.strictObject({
  /** From this date an EWS-only app is a warning (info before). */
  warnFrom: isoDateOption.default('2026-06-01'),
  /** Microsoft blocks EWS for apps in Exchange Online from this date (data/microsoft-deadlines.json). */
  blockedFrom: isoDateOption.default(deadline('ews-blocked-exo')),
  /** Microsoft shuts EWS down in Exchange Online on this date: an EWS-only app then fails. */
  shutdownFrom: isoDateOption.default(deadline('ews-shutdown-exo')),
  /**
   * User-agent patterns (`*` wildcard) the archiving app sends to EWS, to judge the older
   * EwsApplicationAccessPolicy allow/block lists (which match user agents, not app ids). MailStore's
   * user agent is unconfirmed, so the default is none: a user-agent list is then a warning that
   * says it could not be decided, never a fail.
   */
  userAgents: z.array(z.string()).default([]),
});

const NOT_READ =
  'EwsEnabled / EwsAllowedAppIDs not read: enable exchangeOnline.invokeCommand or supply organization-config.json';

/** `*`-wildcard match of a user agent against an EwsAllowList/EwsBlockList entry (case-insensitive). */
function agentMatches(pattern: string, agent: string): boolean {
  const re = new RegExp(
    `^${pattern
      .trim()
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(agent.trim());
}

interface TenantVerdict {
  /** fail: the tenant blocks EWS for the app now; warn: it may; undefined: EWS is allowed for it. */
  blocks?: 'fail' | 'warn';
  reasons: string[];
  notes: string[];
}

/**
 * What the tenant's Get-OrganizationConfig says about EWS for this app, judged at the snapshot date.
 * Rules: EwsEnabled False blocks every app; never set (null) is blocked from `blockedFrom`
 * (Microsoft switches such tenants off); EwsAllowedAppIDs, when non-empty, admits only the listed
 * app ids; EwsApplicationAccessPolicy lists match user agents (judged only against `userAgents`).
 */
function tenantVerdict(
  org: ExoOrganizationConfig,
  appId: string | undefined,
  today: string,
  opts: { blockedFrom: string; userAgents: readonly string[] },
): TenantVerdict {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  // A reply without the property says nothing about it: "never set" would be a guess.
  const enabled = org.ewsEnabledKnown === false ? 'unknown' : org.ewsEnabled;
  if (enabled === false) reasons.push('EwsEnabled is False: Exchange Online refuses EWS for every app');
  else if ((enabled === null || enabled === undefined) && today >= opts.blockedFrom)
    reasons.push(
      `EwsEnabled was never set: Microsoft blocks EWS since ${opts.blockedFrom} in tenants that did not set it to True`,
    );
  else if (enabled === null || enabled === undefined)
    notes.push(`EwsEnabled is not set: Microsoft blocks EWS in such tenants from ${opts.blockedFrom}`);
  const allowed = (org.ewsAllowedAppIds ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean);
  if (allowed.length > 0) {
    if (!appId)
      warnings.push(
        `EwsAllowedAppIDs lists ${allowed.length} app id(s) and the archive app's id is unknown (set mailstore.appId)`,
      );
    else if (!allowed.includes(appId.toLowerCase()))
      reasons.push(`EwsAllowedAppIDs admits only ${allowed.length} app id(s), not the archive app ${appId}`);
    else notes.push(`EwsAllowedAppIDs lists the archive app ${appId}`);
  } else if (org.ewsAllowedAppIdsKnown === false)
    notes.push(
      'EwsAllowedAppIDs was not in the Get-OrganizationConfig reply (not rolled out to this tenant?)',
    );
  const policy = org.ewsApplicationAccessPolicy?.trim();
  const agents = opts.userAgents;
  if (/^EnforceAllowList$/i.test(policy ?? '')) {
    const list = org.ewsAllowList ?? [];
    if (list.length === 0)
      reasons.push(
        'EwsApplicationAccessPolicy is EnforceAllowList with an empty EwsAllowList: no app may use EWS',
      );
    else if (agents.length === 0)
      warnings.push(
        `EwsApplicationAccessPolicy EnforceAllowList admits only the user agents ${list.join(', ')}; whether the archive app's user agent is among them is unknown (set options.userAgents)`,
      );
    else if (!agents.some((a) => list.some((p) => agentMatches(p, a))))
      warnings.push(
        `EwsApplicationAccessPolicy EnforceAllowList (by user agent): none of ${agents.join(', ')} matches ${list.join(', ')}`,
      );
  } else if (/^EnforceBlockList$/i.test(policy ?? '')) {
    const list = org.ewsBlockList ?? [];
    const hit = agents.filter((a) => list.some((p) => agentMatches(p, a)));
    if (hit.length)
      warnings.push(
        `EwsApplicationAccessPolicy EnforceBlockList (by user agent) blocks ${hit.join(', ')} (${list.join(', ')})`,
      );
    else if (list.length)
      notes.push(
        `EwsApplicationAccessPolicy EnforceBlockList blocks the user agents ${list.join(', ')}${agents.length ? '' : " (the archive app's user agent is unknown: set options.userAgents)"}`,
      );
  }
  if (reasons.length) return { blocks: 'fail', reasons: [...reasons, ...warnings], notes };
  if (warnings.length) return { blocks: 'warn', reasons: warnings, notes };
  return { reasons: [], notes };
}

export default defineCheck({
  id: 'app.ews-retirement-readiness',
  area: 'app',
  severity: 'fail',
  targetKind: 'app',
  title: 'The archiving app does not depend on EWS for Exchange Online',
  failureTitle: 'The archiving app still relies on EWS, which Exchange Online retires',
  description:
    'Microsoft retires Exchange Web Services in Exchange Online: blocked from October 2026 and shut down by April 2027. An app that reads cloud mailboxes only through full_access_as_app (EWS) stops archiving; MailStore moves to Microsoft Graph. EWS for on-premises Exchange is not affected.',
  remediation: {
    text: 'Update MailStore to a version that archives Exchange Online over Microsoft Graph, add the Graph mail permission (Mail.Read) with admin consent, then remove full_access_as_app. Note: the Graph mail API does not reach in-place archive mailboxes. Until then (never past the shutdown date) the tenant must admit the app: EwsEnabled True and, when EwsAllowedAppIDs is used, the archive app id on it (the command writes the whole list: read it first and keep every id already there).',
    powershell: [
      'Get-OrganizationConfig | Format-List EwsEnabled,EwsAllowedAppIDs,EwsApplicationAccessPolicy,EwsAllowList,EwsBlockList',
      'Set-OrganizationConfig -EwsEnabled $true',
      'Set-OrganizationConfig -EwsAllowedAppIDs "<existing ids>","<archive app id>"',
    ],
  },
  docs: [
    'https://help.mailstore.com/en/server/EWS_Migration',
    MICROSOFT_DEADLINES['ews-blocked-exo'].source,
    'https://learn.microsoft.com/powershell/module/exchange/set-organizationconfig',
    'https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-control-access-to-ews-in-exchange',
  ],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp'],
  optional: ['graph.resourceServicePrincipals', 'exo.organizationConfig'],
  // Live Exchange Online tried and failed: a verdict from the fallback evidence would hide it.
  errorWhenFailed: ['exo.organizationConfig'],
  confidence: 'confirmed',
  knowledge: ['microsoft-deadlines'],
  options,
  run({ artifacts, options: opts, now, settings }) {
    const app = artifacts['graph.archiveApp'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    const target = appRef(app);
    if (!app.application)
      return [{ target, status: 'info', message: 'No application object (see app.registration-exists)' }];
    const ews =
      configured(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id) ||
      granted(app, FULL_ACCESS_AS_APP.resourceAppId, FULL_ACCESS_AS_APP.id, resources);
    const mailIds = [GRAPH_PERMISSION_IDS['Mail.Read']!, GRAPH_PERMISSION_IDS['Mail.ReadWrite']!];
    const graphMail = mailIds.some((id) => configured(app, GRAPH_APP_ID, id));
    const evidence = {
      fullAccessAsApp: ews,
      graphMailPermission: graphMail,
      blockedFrom: opts.blockedFrom,
      shutdownFrom: opts.shutdownFrom,
      judgedAt: now.toISOString().slice(0, 10),
    };
    const today = now.toISOString().slice(0, 10);
    if (ews && !graphMail) {
      const blocked = today >= opts.blockedFrom;
      const shutDown = today >= opts.shutdownFrom;
      const org = artifacts['exo.organizationConfig'];
      const appId = settings.mailstore?.appId ?? app.appId;
      if (shutDown)
        return [
          {
            target,
            status: 'fail',
            message: `Cloud mailboxes are read only through EWS (full_access_as_app), which Exchange Online shut down on ${opts.shutdownFrom}: archiving of cloud mailboxes has stopped, whatever the tenant's EWS settings`,
            evidence: org ? { ...evidence, ...orgEvidence(org) } : evidence,
          },
        ];
      const lead = blocked
        ? `Cloud mailboxes are read only through EWS (full_access_as_app), which Exchange Online blocks since ${opts.blockedFrom}`
        : `Cloud mailboxes are read only through EWS (full_access_as_app); Exchange Online blocks EWS from ${opts.blockedFrom}`;
      const unknown = today >= opts.warnFrom ? 'warn' : 'info';
      if (!org)
        return [
          {
            target,
            status: unknown,
            message: `${lead}. ${NOT_READ}: whether this tenant still admits the app is unknown`,
            evidence: { ...evidence, organizationConfig: 'not read' },
          },
        ];
      const verdict = tenantVerdict(org, appId, today, opts);
      // Microsoft: out of preview, the Admin API's OrganizationConfig reply keeps only its core
      // (MailTips) properties, so a live reply may lack EwsEnabled altogether.
      if (!verdict.blocks && org.ewsEnabledKnown === false)
        return [
          {
            target,
            status: unknown,
            message: `${lead}. The Get-OrganizationConfig reply [${originText(org)}] carried no EwsEnabled; ${NOT_READ}: whether this tenant still admits the app is unknown`,
            evidence: {
              ...evidence,
              archiveAppId: appId,
              ...orgEvidence(org),
              ewsEnabled: 'not in the reply',
            },
          },
        ];
      const status: FindingStatus = verdict.blocks ?? (today >= opts.warnFrom ? 'warn' : 'info');
      const notes = verdict.notes.length ? ` (${verdict.notes.join('; ')})` : '';
      const finding: Finding = {
        target,
        status,
        message: verdict.blocks
          ? `Cloud mailboxes are read only through EWS (full_access_as_app), and ${verdict.blocks === 'fail' ? 'the tenant blocks EWS for the app' : 'the tenant may block EWS for the app'}: ${verdict.reasons.join('; ')}${notes} [${originText(org)}]`
          : `Cloud mailboxes are read only through EWS (full_access_as_app); the tenant still admits the app (EwsEnabled ${org.ewsEnabled ?? 'not set'}), but Exchange Online shuts EWS down on ${opts.shutdownFrom}${notes} [${originText(org)}]`,
        evidence: { ...evidence, archiveAppId: appId, ...orgEvidence(org) },
      };
      return [finding];
    }
    if (ews && graphMail)
      return [
        {
          target,
          status: 'info',
          message:
            'Graph mail access is configured; full_access_as_app (EWS) is still there: remove it once MailStore archives over Graph',
          evidence,
        },
      ];
    if (graphMail)
      return [
        { target, status: 'pass', message: 'Mailboxes are read through Microsoft Graph, not EWS', evidence },
      ];
    return [
      {
        target,
        status: 'info',
        message: 'Neither EWS nor Graph mail access is configured (see app.required-permissions)',
        evidence,
      },
    ];
  },
});

/** The org-config values the verdict rests on, for a person to compare with Get-OrganizationConfig. */
function orgEvidence(org: ExoOrganizationConfig): Record<string, unknown> {
  return {
    organizationConfig: originText(org),
    ewsEnabled: org.ewsEnabled ?? null,
    ewsAllowedAppIds: org.ewsAllowedAppIds ?? [],
    ...(org.ewsAllowedAppIdsKnown !== undefined ? { ewsAllowedAppIdsKnown: org.ewsAllowedAppIdsKnown } : {}),
    ewsApplicationAccessPolicy: org.ewsApplicationAccessPolicy ?? null,
    ...(org.ewsAllowList?.length ? { ewsAllowList: org.ewsAllowList } : {}),
    ...(org.ewsBlockList?.length ? { ewsBlockList: org.ewsBlockList } : {}),
  };
}
