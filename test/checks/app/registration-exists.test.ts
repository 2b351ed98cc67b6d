import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/registration-exists.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from './graph-artifacts.ts';

const app = () => graphArtifacts()['graph.archiveApp'];

describe('app.registration-exists', () => {
  it('passes with the application and an enabled service principal', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': app() } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.target.label).toBe('MailStore Server (9b2e5c1d-7f3a-4e8b-a1c6-2d4f6e8a0b1c)');
  });
  it('fails when the app is not registered', () => {
    const r = runCheck(check, {
      artifacts: { 'graph.archiveApp': { ...app(), application: null, servicePrincipal: null } },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toContain('mailstore.appId');
  });
  it('fails when the service principal is disabled or missing', () => {
    const a = app();
    a.servicePrincipal!.accountEnabled = false;
    expect(runCheck(check, { artifacts: { 'graph.archiveApp': a } }).status).toBe('fail');
    expect(
      runCheck(check, { artifacts: { 'graph.archiveApp': { ...app(), servicePrincipal: null } } }).status,
    ).toBe('fail');
  });
  it('edge: only a service principal (app registered in another tenant) fails with that explanation', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': { ...app(), application: null } } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/another tenant/);
  });
  it('edge: skipped when mailstore.appId is not set (artifact not collected)', () => {
    expect(runCheck(check, {}).status).toBe('skipped');
  });
});
