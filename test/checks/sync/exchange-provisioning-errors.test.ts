import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/exchange-provisioning-errors.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const users = (errors: { isResolved: boolean; serviceInstance: string }[]) => {
  const list = graphArtifacts()['graph.users'];
  list[1]!.serviceProvisioningErrors = errors.map((e) => ({
    ...e,
    createdDateTime: '2026-05-18T11:05:00Z',
    errorDetail: '<ServiceInstance Name="exchange/EURPRD01-001-01">ExB10BE9</ServiceInstance>',
  }));
  return list;
};

describe('sync.exchange-provisioning-errors', () => {
  it('passes with no errors', () => {
    expect(runCheck(check, { artifacts: { 'graph.users': users([]) } }).status).toBe('pass');
  });
  it('fails for an unresolved exchange/ error and shows errorDetail', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.users': users([{ isResolved: false, serviceInstance: 'exchange/EURPRD01-001-01' }]),
      },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.target.label).toBe('bob@contoso.com');
    expect(JSON.stringify(r.findings[0]?.evidence)).toContain('ExB10BE9');
  });
  it('edge: resolved errors and other services (SharePoint) are ignored', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.users': users([
          { isResolved: true, serviceInstance: 'exchange/EURPRD01-001-01' },
          { isResolved: false, serviceInstance: 'SharePoint/EURPRD01' },
        ]),
      },
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toContain('1 with resolved or non-Exchange errors');
  });
});
