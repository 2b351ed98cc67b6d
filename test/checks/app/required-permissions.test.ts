import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/required-permissions.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from './graph-artifacts.ts';

const GRAPH = '00000003-0000-0000-c000-000000000000';
const EXO = '00000002-0000-0ff1-ce00-000000000000';
const artifacts = () => {
  const a = graphArtifacts();
  return {
    'graph.archiveApp': a['graph.archiveApp'],
    'graph.resourceServicePrincipals': a['graph.resourceServicePrincipals'],
  };
};

describe('app.required-permissions', () => {
  it('passes with the default graph profile', () => {
    const r = runCheck(check, { artifacts: artifacts() });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toContain('User.Read.All, GroupMember.Read.All, Mail.Read');
  });

  it('fails for a missing permission and names it with its id', () => {
    const a = artifacts();
    a['graph.archiveApp'].application!.requiredResourceAccess[0]!.resourceAccess.pop(); // Mail.Read
    const r = runCheck(check, { artifacts: a });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'Missing application permission Microsoft Graph Mail.Read (810c84a8-4a9e-49e6-bf7d-12d183f40d01)',
    ]);
  });

  it('the ews profile wants full_access_as_app', () => {
    const r = runCheck(check, { artifacts: artifacts(), setting: { options: { profile: 'ews' } } });
    expect(r.status).toBe('fail');
    expect(r.findings.find((f) => f.status === 'fail')?.message).toContain('full_access_as_app');
  });

  it('edge: a permission configured as delegated (Scope) is called out; supersets count; extras warn', () => {
    const a = artifacts();
    const graph = a['graph.archiveApp'].application!.requiredResourceAccess[0]!;
    graph.resourceAccess[1]!.type = 'Scope'; // GroupMember.Read.All delegated
    graph.resourceAccess[2]!.id = 'e2a3a72e-5f79-4c64-b1b1-878b674786c9'; // Mail.ReadWrite satisfies Mail.Read
    a['graph.archiveApp'].application!.requiredResourceAccess.push({
      resourceAppId: EXO,
      resourceAccess: [{ id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', type: 'Role' }],
    });
    const r = runCheck(check, { artifacts: a });
    expect(r.status).toBe('fail');
    const byStatus = (s: string) => r.findings.filter((f) => f.status === s).map((f) => f.message);
    expect(byStatus('fail')).toEqual([
      expect.stringMatching(/GroupMember.Read.All is configured as a delegated permission/),
    ]);
    // Mail.ReadWrite is an accepted superset of Mail.Read (no finding); full_access_as_app is an extra.
    expect(byStatus('warn')).toEqual([expect.stringMatching(/High-privilege permission full_access_as_app/)]);
  });

  it('edge: a custom profile replaces the built-in ones', () => {
    const r = runCheck(check, {
      artifacts: artifacts(),
      setting: {
        options: {
          profile: 'custom',
          permissions: [
            { resourceAppId: GRAPH, id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', name: 'Directory.Read.All' },
          ],
        },
      },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toContain('Directory.Read.All');
  });
});
