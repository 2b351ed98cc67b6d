import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/enabled.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

describe('sync.enabled', () => {
  it('passes when onPremisesSyncEnabled is true', () => {
    expect(
      runCheck(check, { artifacts: { 'graph.organization': graphArtifacts()['graph.organization'] } }).status,
    ).toBe('pass');
  });
  it('fails when never synchronised (null)', () => {
    const o = { ...graphArtifacts()['graph.organization'], onPremisesSyncEnabled: null };
    const r = runCheck(check, { artifacts: { 'graph.organization': o } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/never/);
  });
  it('edge: false means synchronised once and turned off', () => {
    const o = { ...graphArtifacts()['graph.organization'], onPremisesSyncEnabled: false };
    const r = runCheck(check, { artifacts: { 'graph.organization': o } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/turned off/);
  });
  it('is skipped when Graph is not configured', () => {
    expect(runCheck(check, { notConfigured: ['graph'] }).status).toBe('skipped');
  });
});
