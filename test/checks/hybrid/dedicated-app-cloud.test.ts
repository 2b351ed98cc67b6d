import { describe, expect, it } from 'vitest';
import check from '../../../checks/hybrid/dedicated-app-cloud.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts, NOW } from '../app/graph-artifacts.ts';

const artifacts = () => {
  const a = graphArtifacts();
  return {
    'graph.hybridApps': a['graph.hybridApps'],
    'graph.resourceServicePrincipals': a['graph.resourceServicePrincipals'],
  };
};

describe('hybrid.dedicated-app-cloud', () => {
  it('passes for ExchangeServerApp-<guid> with full_access_as_app, consent and a valid certificate', () => {
    const r = runCheck(check, { artifacts: artifacts(), now: NOW });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.target.label).toMatch(/^ExchangeServerApp-6c1f1c7e/);
  });
  it('warns when there is none', () => {
    const r = runCheck(check, { artifacts: { 'graph.hybridApps': [] } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/shared first-party/);
  });
  it('warns with every problem of an incomplete app', () => {
    const a = artifacts();
    const app = a['graph.hybridApps'][0]!;
    app.appRoleAssignments = [];
    app.application!.keyCredentials[0]!.endDateTime = '2026-01-01T00:00:00Z';
    const r = runCheck(check, { artifacts: a, now: NOW });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      'no admin consent for full_access_as_app; no valid Exchange Server Auth Certificate in keyCredentials',
    );
  });
  it('edge: two dedicated apps warn; a name without the org GUID warns', () => {
    const a = artifacts();
    const copy = structuredClone(a['graph.hybridApps'][0]!);
    copy.appId = 'c0ffee00-0000-4000-8000-000000000000';
    copy.application!.displayName = 'ExchangeServerApp-test';
    a['graph.hybridApps'].push(copy);
    const r = runCheck(check, { artifacts: a, now: NOW });
    expect(r.findings.map((f) => f.status)).toEqual(['pass', 'warn', 'warn']);
    expect(r.findings[1]?.message).toMatch(/organization GUID/);
  });
});
