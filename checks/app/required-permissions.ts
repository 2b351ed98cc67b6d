import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import {
  activeProfile,
  appTarget,
  configured,
  profileOptions,
  roleName,
  SUPERSET_IDS,
} from './app-profile.ts';

const HIGH_PRIVILEGE = /ReadWrite\.All$|^full_access_as_app$|^Directory\.ReadWrite|^RoleManagement\./;

export default defineCheck({
  id: 'app.required-permissions',
  area: 'app',
  severity: 'fail',
  targetKind: 'app',
  title: 'The archiving app has the required API permissions',
  failureTitle: 'The archiving app lacks required API permissions',
  description:
    "MailStore uses application permissions (no signed-in user) to read users, group members and every mailbox. The permission profile is configurable because MailStore's exact current list could not be confirmed: `graph` (default, after the EWS retirement) or `ews`.",
  remediation: {
    text: 'Add the missing permissions to the app registration as Application permissions, then grant admin consent.',
    portal:
      'Entra admin center > App registrations > <app> > API permissions > Add a permission > Microsoft Graph / Office 365 Exchange Online > Application permissions',
  },
  docs: [
    'https://learn.microsoft.com/graph/permissions-reference',
    'https://help.mailstore.com/en/server/EWS_Migration',
  ],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp'],
  optional: ['graph.resourceServicePrincipals'],
  confidence: 'unconfirmed',
  options: profileOptions,
  run({ artifacts, options: opts }) {
    const app = artifacts['graph.archiveApp'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    const target = appTarget(app);
    if (!app.application)
      return [
        {
          target,
          status: 'fail',
          message: 'No application object to read permissions from (see app.registration-exists)',
        },
      ];
    const profile = activeProfile(opts);
    const configuredList = app.application.requiredResourceAccess.flatMap((r) =>
      r.resourceAccess.map((a) => ({
        resourceAppId: r.resourceAppId,
        id: a.id,
        type: a.type,
        name: roleName(r.resourceAppId, a.id, resources),
      })),
    );
    const findings: Finding[] = [];
    const missing: string[] = [];
    for (const p of profile) {
      const ids = [p.id, ...(opts.acceptSupersets ? (SUPERSET_IDS[p.id] ?? []) : [])];
      const hit = ids.find((id) => configured(app, p.resourceAppId, id));
      if (hit) continue;
      const asDelegated = configuredList.some(
        (c) => c.resourceAppId === p.resourceAppId && c.type === 'Scope' && c.name === p.name,
      );
      missing.push(p.name);
      findings.push({
        target: `${target}: ${p.resource} ${p.name}`,
        status: 'fail',
        message: asDelegated
          ? `${p.name} is configured as a delegated permission; MailStore needs it as an Application permission`
          : `Missing application permission ${p.resource} ${p.name} (${p.id})`,
        evidence: { profile: opts.profile, resourceAppId: p.resourceAppId, appRoleId: p.id },
      });
    }
    const wanted = new Set(profile.map((p) => p.id));
    const extra = configuredList.filter(
      (c) => c.type === 'Role' && !wanted.has(c.id) && HIGH_PRIVILEGE.test(c.name),
    );
    for (const e of extra)
      findings.push({
        target: `${target}: ${e.name}`,
        status: 'warn',
        message: `High-privilege permission ${e.name} beyond the ${opts.profile} profile: remove it if MailStore does not need it`,
        evidence: { resourceAppId: e.resourceAppId, appRoleId: e.id },
      });
    if (missing.length === 0)
      findings.unshift({
        target,
        status: 'pass',
        message: `All ${profile.length} permissions of the ${opts.profile} profile are configured: ${profile.map((p) => p.name).join(', ')}`,
        evidence: { profile: opts.profile, configured: configuredList.map((c) => `${c.name} (${c.type})`) },
      });
    return findings;
  },
});
