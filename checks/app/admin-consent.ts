import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { appTarget, granted, roleName } from './app-profile.ts';

export default defineCheck({
  id: 'app.admin-consent',
  area: 'app',
  severity: 'fail',
  targetKind: 'app',
  title: 'Admin consent is granted for every application permission',
  failureTitle: 'Application permissions of the archiving app lack admin consent',
  description:
    "Configured application permissions do nothing until an administrator grants consent, which creates an app role assignment on the resource's service principal. Without it MailStore's token carries no roles and every call is denied.",
  remediation: {
    text: 'Grant admin consent for the tenant in the app registration (needs a Global or Privileged Role Administrator), or run the commands `hybridscan permissions` prints.',
    portal:
      'Entra admin center > App registrations > <app> > API permissions > Grant admin consent for <tenant>',
  },
  docs: [
    'https://learn.microsoft.com/graph/api/serviceprincipal-list-approleassignments',
    'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent',
  ],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp', 'graph.resourceServicePrincipals'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const app = artifacts['graph.archiveApp'];
    const resources = artifacts['graph.resourceServicePrincipals'];
    const target = appTarget(app);
    if (!app.application || !app.servicePrincipal)
      return [
        {
          target,
          status: 'fail',
          message: 'No application and service principal to check consent on (see app.registration-exists)',
        },
      ];
    const roles = app.application.requiredResourceAccess.flatMap((r) =>
      r.resourceAccess
        .filter((a) => a.type === 'Role')
        .map((a) => ({ resourceAppId: r.resourceAppId, id: a.id })),
    );
    if (roles.length === 0)
      return [
        {
          target,
          status: 'fail',
          message: 'The app has no application permissions configured (see app.required-permissions)',
        },
      ];
    const findings: Finding[] = [];
    for (const r of roles) {
      if (granted(app, r.resourceAppId, r.id, resources)) continue;
      const name = roleName(r.resourceAppId, r.id, resources);
      findings.push({
        target: `${target}: ${name}`,
        status: 'fail',
        message: `No admin consent for ${name}`,
        evidence: {
          resourceAppId: r.resourceAppId,
          appRoleId: r.id,
          resourceServicePrincipalId: resources[r.resourceAppId]?.id,
        },
      });
    }
    if (findings.length === 0)
      findings.push({
        target,
        status: 'pass',
        message: `Admin consent granted for all ${roles.length} application permissions`,
        evidence: {
          assignments: app.appRoleAssignments.map((a) => ({
            role: roleName(
              Object.entries(resources).find(([, sp]) => sp.id === a.resourceId)?.[0] ?? '',
              a.appRoleId,
              resources,
            ),
            resource: a.resourceDisplayName,
            createdDateTime: a.createdDateTime,
          })),
        },
      });
    return findings;
  },
});
