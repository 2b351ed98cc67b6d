import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/scan-permissions.ts';
import type { GraphTokenPermissions } from '../../../src/evidence/graph.ts';
import { runCheck } from '../../helpers/check.ts';

const token = (p: Partial<GraphTokenPermissions>): GraphTokenPermissions => ({
  mode: 'application',
  auth: 'secret',
  roles: [
    'Organization.Read.All',
    'Domain.Read.All',
    'User.Read.All',
    'Application.Read.All',
    'MailboxSettings.Read',
  ],
  scopes: [],
  appId: '4a5b6c7d-1111-4e2f-8a9b-0c1d2e3f4a5b',
  missing: [],
  ...p,
});

describe('app.scan-permissions', () => {
  it('passes when the token holds everything', () => {
    expect(runCheck(check, { artifacts: { 'graph.tokenPermissions': token({}) } }).status).toBe('pass');
  });
  it('warns naming the missing permission and what cannot be read', () => {
    const r = runCheck(check, {
      artifacts: { 'graph.tokenPermissions': token({ missing: ['Application.Read.All'] }) },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/lacks Application.Read.All.*graph.archiveApp/);
  });
  it('edge: an empty token means no admin consent; delegated names the user', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.tokenPermissions': token({
          mode: 'delegated',
          auth: 'device-code',
          roles: [],
          scopes: [],
          user: 'admin@contoso.onmicrosoft.com',
          missing: ['User.Read.All'],
        }),
      },
    });
    expect(r.findings[0]?.target.label).toBe('signed-in user admin@contoso.onmicrosoft.com');
    expect(r.findings[0]?.message).toMatch(/admin consent was never granted/);
  });
});
