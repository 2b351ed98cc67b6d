import { defineCheck } from '../../src/engine/define-check.ts';
import { ARTIFACT_PERMISSION } from '../../src/model/graph-permissions.ts';

export default defineCheck({
  id: 'app.scan-permissions',
  area: 'app',
  severity: 'warn',
  targetKind: 'app',
  title: 'The scan identity holds the Microsoft Graph permissions the scan reads with',
  failureTitle: 'The scan identity lacks Microsoft Graph permissions',
  description:
    'hybridscan decodes the roles (app-only) or scopes (delegated) of its own access token, so a missing permission is named before any call fails. Checks that need a missing permission end as errors that name it.',
  remediation:
    'Grant the missing application permissions to the scan app with admin consent: `hybridscan permissions` prints ready-to-run Azure CLI and Microsoft Graph PowerShell commands.',
  docs: ['https://learn.microsoft.com/graph/permissions-reference'],
  requires: ['graph.tokenPermissions'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const t = artifacts['graph.tokenPermissions'];
    const target =
      t.mode === 'delegated'
        ? `signed-in user ${t.user ?? '(unknown)'}`
        : `scan app ${t.appId ?? '(unknown)'}`;
    const held = t.mode === 'delegated' ? t.scopes : t.roles;
    const evidence = { mode: t.mode, auth: t.auth, held, missing: t.missing, expiresOn: t.expiresOn };
    if (t.missing.length === 0)
      return [
        {
          target,
          status: 'pass',
          message: `Token holds every permission the scan reads with (${held.join(', ')})`,
          evidence,
        },
      ];
    const affected = Object.entries(ARTIFACT_PERMISSION)
      .filter(([, p]) => t.missing.includes(p))
      .map(([k]) => k);
    return [
      {
        target,
        status: 'warn',
        message: `Token lacks ${t.missing.join(', ')}${held.length === 0 ? ' (it carries no permissions at all: admin consent was never granted)' : ''}; not readable: ${affected.join(', ')}`,
        evidence,
      },
    ];
  },
});
