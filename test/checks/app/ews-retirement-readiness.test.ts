import { describe, expect, it } from 'vitest';
import check from '../../../checks/app/ews-retirement-readiness.ts';
import type { ExoOrganizationConfig } from '../../../src/evidence/exo.ts';
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

// Tenant EWS controls: Set-OrganizationConfig (https://learn.microsoft.com/powershell/module/exchange/set-organizationconfig):
// EwsEnabled False blocks EWS for the organisation; EwsAllowedAppIDs "specifies the applications
// that are allowed to access EWS when EwsEnabled is also $true; unspecified applications are
// blocked"; EwsApplicationAccessPolicy EnforceAllowList/EnforceBlockList with EwsAllowList/
// EwsBlockList match user agents (https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-control-access-to-ews-in-exchange).
// Tenants that never set EwsEnabled are blocked from 2026-10-01 (data/microsoft-deadlines.json ews-blocked-exo,
// Exchange team blog retirement-of-exchange-web-services-in-exchange-online/3924440).
describe('app.ews-retirement-readiness with the tenant organisation config', () => {
  const APP_ID = graphArtifacts()['graph.archiveApp'].appId;
  const org = (o: Partial<ExoOrganizationConfig> = {}): ExoOrganizationConfig => ({
    origin: { via: 'invoke-command', cmdlet: 'Get-OrganizationConfig' },
    ewsEnabled: true,
    ewsAllowedAppIds: [],
    ewsAllowedAppIdsKnown: true,
    ewsApplicationAccessPolicy: null,
    ...o,
  });
  const run = (o: ExoOrganizationConfig | undefined, now = '2026-11-25T12:00:00Z', options = {}) =>
    runCheck(check, {
      artifacts: { 'graph.archiveApp': ewsOnly(), ...(o ? { 'exo.organizationConfig': o } : {}) },
      now,
      ...(Object.keys(options).length ? { setting: { options } } : {}),
    });

  it('fails when EwsEnabled is False', () => {
    const r = run(org({ ewsEnabled: false }));
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/EwsEnabled is False/);
    expect(r.findings[0]?.message).toMatch(/live: InvokeCommand Get-OrganizationConfig/);
  });
  it('fails when EwsEnabled was never set and the snapshot is past the block date', () => {
    const r = run(org({ ewsEnabled: null }));
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/never set.*since 2026-10-01/);
  });
  it('edge: EwsEnabled never set before the block date is only the usual warning, with a note', () => {
    const r = run(org({ ewsEnabled: null }), '2026-07-01T00:00:00Z');
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/blocks EWS in such tenants from 2026-10-01/);
  });
  it('fails when EwsAllowedAppIDs is non-empty without the archive app', () => {
    const r = run(org({ ewsAllowedAppIds: ['11111111-2222-3333-4444-555555555555'] }));
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(`not the archive app ${APP_ID}`);
  });
  it('warns while the tenant admits the app (allow-listed), naming the shutdown', () => {
    const r = run(org({ ewsAllowedAppIds: [APP_ID.toUpperCase()] }));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/still admits the app.*shuts EWS down on 2027-04-01/);
    expect(r.findings[0]?.evidence).toMatchObject({
      organizationConfig: 'live: InvokeCommand Get-OrganizationConfig',
    });
  });
  it('fails from the shutdown date however the tenant is configured', () => {
    const r = run(org({ ewsAllowedAppIds: [APP_ID] }), '2027-04-01T00:00:00Z');
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/whatever the tenant's EWS settings/);
  });
  it('edge: a user-agent allow list is a warning that says it is by user agent and undecided', () => {
    const r = run(org({ ewsApplicationAccessPolicy: 'EnforceAllowList', ewsAllowList: ['OtherApp/*'] }));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/user agents OtherApp\/\*.*unknown \(set options.userAgents\)/);
  });
  it('edge: a configured user agent on the block list is a warning, not a fail', () => {
    const r = run(
      org({ ewsApplicationAccessPolicy: 'EnforceBlockList', ewsBlockList: ['MailStore*'] }),
      undefined,
      { userAgents: ['MailStoreServer/25.1'] },
    );
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/by user agent\) blocks MailStoreServer\/25.1/);
  });
  it('edge: EnforceAllowList with an empty allow list blocks every app (certain → fail)', () => {
    const r = run(org({ ewsApplicationAccessPolicy: 'EnforceAllowList', ewsAllowList: [] }));
    expect(r.status).toBe('fail');
  });
  // https://learn.microsoft.com/exchange/reference/admin-api-endpoints-organization-config: during
  // the preview the reply is the full Get-OrganizationConfig; afterwards only its core properties.
  it('edge: an org-config reply without EwsEnabled is "not seen", not "never set" (no fail on a guess)', () => {
    const r = run(
      org({
        ewsEnabled: undefined,
        ewsEnabledKnown: false,
        origin: { via: 'admin-api', cmdlet: 'Get-OrganizationConfig' },
      }),
    );
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/carried no EwsEnabled/);
    expect(r.findings[0]?.message).not.toMatch(/never set/);
    expect(r.findings[0]?.evidence).toMatchObject({ ewsEnabled: 'not in the reply' });
  });
  it('edge: without EwsEnabled, an allow list that leaves out the app is still a certain fail', () => {
    const r = run(
      org({
        ewsEnabled: undefined,
        ewsEnabledKnown: false,
        ewsAllowedAppIds: ['11111111-2222-3333-4444-555555555555'],
      }),
    );
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(`not the archive app ${APP_ID}`);
  });
  it('without organisation config it says exactly what it could not see and does not claim ready', () => {
    const r = run(undefined);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toContain(
      'EwsEnabled / EwsAllowedAppIDs not read: enable exchangeOnline.invokeCommand or supply organization-config.json',
    );
    expect(r.findings[0]?.evidence).toMatchObject({ organizationConfig: 'not read' });
  });
  it('edge: the org config does not matter for an app that reads mailboxes through Graph', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.archiveApp': graphArtifacts()['graph.archiveApp'],
        'exo.organizationConfig': org({ ewsEnabled: false }),
      },
    });
    expect(r.status).toBe('pass');
  });
});
