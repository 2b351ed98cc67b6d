import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/admin-consent.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from './graph-artifacts.ts';

const artifacts = () => {
  const a = graphArtifacts();
  return {
    'graph.archiveApp': a['graph.archiveApp'],
    'graph.resourceServicePrincipals': a['graph.resourceServicePrincipals'],
  };
};

describe('app.admin-consent', () => {
  it('passes when every application permission has an assignment on the resource SP', () => {
    const r = runCheck(check, { artifacts: artifacts() });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toContain('all 3');
  });
  it('fails for a permission without consent and names it', () => {
    const a = artifacts();
    a['graph.archiveApp'].appRoleAssignments = a['graph.archiveApp'].appRoleAssignments.slice(0, 1);
    const r = runCheck(check, { artifacts: a });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'No admin consent for GroupMember.Read.All',
      'No admin consent for Mail.Read',
    ]);
  });
  it('edge: an assignment of the right role id on another resource does not count', () => {
    const a = artifacts();
    for (const x of a['graph.archiveApp'].appRoleAssignments)
      x.resourceId = 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f';
    expect(runCheck(check, { artifacts: a }).status).toBe('fail');
  });
  it('edge: resource SPs could not be read (403) → error naming Application.Read.All', () => {
    const r = runCheck(check, {
      artifacts: { 'graph.archiveApp': artifacts()['graph.archiveApp'] },
      errors: {
        'graph.resourceServicePrincipals': {
          message: 'HTTP 403',
          code: 'FORBIDDEN',
          permission: 'Application.Read.All',
        },
      },
    });
    expect(r.status).toBe('error');
    expect(r.reason).toContain('Application.Read.All');
  });
});
