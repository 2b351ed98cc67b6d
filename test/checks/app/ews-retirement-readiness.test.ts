import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/ews-retirement-readiness.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from './graph-artifacts.ts';

const EXO = '00000002-0000-0ff1-ce00-000000000000';
const ewsOnly = () => {
  const a = graphArtifacts()['graph.archiveApp'];
  a.application!.requiredResourceAccess = [
    {
      resourceAppId: '00000003-0000-0000-c000-000000000000',
      resourceAccess: [{ id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' }],
    },
    { resourceAppId: EXO, resourceAccess: [{ id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', type: 'Role' }] },
  ];
  return a;
};

describe('app.ews-retirement-readiness', () => {
  it('passes when mailboxes are read through Graph', () => {
    expect(
      runCheck(check, { artifacts: { 'graph.archiveApp': graphArtifacts()['graph.archiveApp'] } }).status,
    ).toBe('pass');
  });
  it('warns for an EWS-only app after the warning date, mentioning the block', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': ewsOnly() }, now: '2026-11-25T12:00:00Z' });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/blocks since 2026-10-01/);
  });
  it('edge: only info before the warning date', () => {
    expect(
      runCheck(check, { artifacts: { 'graph.archiveApp': ewsOnly() }, now: '2026-03-01T12:00:00Z' }).status,
    ).toBe('info');
  });
  it('edge: both EWS and Graph mail configured → info to remove EWS', () => {
    const a = graphArtifacts()['graph.archiveApp'];
    a.application!.requiredResourceAccess.push({
      resourceAppId: EXO,
      resourceAccess: [{ id: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40', type: 'Role' }],
    });
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': a } });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/remove it/);
  });
});

// Dates: data/microsoft-deadlines.json — EWS blocked 2026-10-01 (Exchange team blog
// techcommunity.microsoft.com/blog/exchange/retirement-of-exchange-web-services-in-exchange-online/3924440),
// shut down 2027-04-01 (reported from the Exchange team post "Exchange Online EWS, Your Time is Almost Up").
describe('app.ews-retirement-readiness deadlines come from the data file', () => {
  it('fails an EWS-only app once the snapshot is past the 2027-04-01 shutdown', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': ewsOnly() }, now: '2027-04-02T08:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/shut down on 2027-04-01/);
    expect(r.findings[0]?.evidence).toMatchObject({ blockedFrom: '2026-10-01', shutdownFrom: '2027-04-01' });
  });
  it('edge: the day before the shutdown is still a warning', () => {
    const r = runCheck(check, { artifacts: { 'graph.archiveApp': ewsOnly() }, now: '2027-03-31T23:00:00Z' });
    expect(r.status).toBe('warn');
  });
  it('declares its dated knowledge', () => {
    expect(check.knowledge).toEqual(['microsoft-deadlines']);
  });
});
