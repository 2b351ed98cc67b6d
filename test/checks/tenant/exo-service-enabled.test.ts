import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenant/exo-service-enabled.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const org = () => graphArtifacts()['graph.organization'];

describe('tenant.exo-service-enabled', () => {
  it('passes with an enabled exchange plan', () => {
    expect(runCheck(check, { artifacts: { 'graph.organization': org() } }).status).toBe('pass');
  });

  it('fails without an exchange plan', () => {
    const o = org();
    o.assignedPlans = o.assignedPlans?.filter((p) => p.service !== 'exchange');
    const r = runCheck(check, { artifacts: { 'graph.organization': o } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/No Exchange Online plan/);
  });

  it('fails when the only exchange plan is deleted or suspended', () => {
    const o = org();
    for (const p of o.assignedPlans ?? []) if (p.service === 'exchange') p.capabilityStatus = 'Suspended';
    expect(runCheck(check, { artifacts: { 'graph.organization': o } }).status).toBe('fail');
  });

  it('edge: grace period (Warning) warns; the service string is configurable', () => {
    const o = org();
    for (const p of o.assignedPlans ?? []) if (p.service === 'exchange') p.capabilityStatus = 'Warning';
    expect(runCheck(check, { artifacts: { 'graph.organization': o } }).status).toBe('warn');
    const renamed = org();
    for (const p of renamed.assignedPlans ?? []) if (p.service === 'exchange') p.service = 'ExchangeOnline';
    expect(runCheck(check, { artifacts: { 'graph.organization': renamed } }).status).toBe('fail');
    expect(
      runCheck(check, {
        artifacts: { 'graph.organization': renamed },
        setting: { options: { services: ['exchange', 'ExchangeOnline'] } },
      }).status,
    ).toBe('pass');
  });

  it('edge: Graph 403 becomes an error naming the permission', () => {
    const r = runCheck(check, {
      errors: {
        'graph.organization': { message: 'HTTP 403', code: 'FORBIDDEN', permission: 'Organization.Read.All' },
      },
    });
    expect(r.status).toBe('error');
    expect(r.reason).toContain('Organization.Read.All');
  });
});
