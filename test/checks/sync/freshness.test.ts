import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/freshness.ts';
import { type CheckInput, runCheck } from '../../helpers/check.ts';
import { graphArtifacts, NOW } from '../app/graph-artifacts.ts';

const at = (iso: string | null) => ({
  ...graphArtifacts()['graph.organization'],
  onPremisesLastSyncDateTime: iso,
});
const ago = (h: number) => new Date(Date.parse(NOW) - h * 3_600_000).toISOString();
const run = (iso: string | null, setting?: CheckInput['setting']) =>
  runCheck(check, { artifacts: { 'graph.organization': at(iso) }, now: NOW, setting });

describe('sync.freshness', () => {
  it('passes for a sync 17 minutes ago (judged against the snapshot time)', () => {
    const r = run(ago(17 / 60));
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toContain('17 minutes');
  });
  it('warns after 3 hours, fails after 24 hours and after 7 days', () => {
    expect(run(ago(4)).status).toBe('warn');
    expect(run(ago(30)).status).toBe('fail');
    const week = run(ago(24 * 8));
    expect(week.status).toBe('fail');
    expect(week.findings[0]?.message).toMatch(/full sync/);
  });
  it('fails when no sync ever completed', () => {
    expect(run(null).status).toBe('fail');
  });
  it('edge: thresholds are options; a future time (clock skew) warns', () => {
    expect(run(ago(4), { options: { warnAfterHours: 6 } }).status).toBe('pass');
    expect(run(new Date(Date.parse(NOW) + 3_600_000).toISOString()).status).toBe('warn');
  });
});
