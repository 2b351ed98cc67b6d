import { describe, expect, it } from 'vitest';
import check from '../../../checks/hybrid/dedicated-app-cloud.ts';
import type { AuthServer } from '../../../src/evidence/ldap.ts';
import { GRAPH_APP_ID } from '../../../src/model/graph-permissions.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts, NOW } from '../app/graph-artifacts.ts';

/** The Graph stage Microsoft's ConfigureExchangeHybridApplication.ps1 sets up (issue 12 item 3). */
const GRAPH_STAGE = [
  'Calendars.Read',
  'MailboxSettings.Read',
  'MailTips.ReadBasic.All',
  'ProfilePhoto.Read.All',
];

const artifacts = () => {
  const a = graphArtifacts();
  return {
    'graph.hybridApps': a['graph.hybridApps'],
    'graph.resourceServicePrincipals': a['graph.resourceServicePrincipals'],
  };
};

/** Grants the Graph stage to the first hybrid app (role ids taken from the Graph SP, added where missing). */
function withGraphStage(a: ReturnType<typeof artifacts>, permissions = GRAPH_STAGE) {
  const graph = a['graph.resourceServicePrincipals'][GRAPH_APP_ID]!;
  const app = a['graph.hybridApps'][0]!;
  const access: { id: string; type: string }[] = [];
  for (const [i, value] of permissions.entries()) {
    let role = graph.appRoles?.find((r) => r.value === value);
    if (!role) {
      role = {
        id: `00000000-0000-4000-8000-00000000000${i}`,
        value,
        allowedMemberTypes: ['Application'],
        isEnabled: true,
      };
      graph.appRoles = [...(graph.appRoles ?? []), role];
    }
    access.push({ id: role.id, type: 'Role' });
    app.appRoleAssignments.push({ id: `g${i}`, appRoleId: role.id, resourceId: graph.id } as never);
  }
  app.application!.requiredResourceAccess = [
    ...(app.application!.requiredResourceAccess ?? []),
    { resourceAppId: GRAPH_APP_ID, resourceAccess: access },
  ] as never;
  return a;
}

const authServer = (applicationIdentifier: string): AuthServer => ({
  dn: 'CN=ExchangeServerApp,CN=Auth Configuration',
  name: 'ExchangeServerApp',
  applicationIdentifier,
  enabled: true,
  isDefaultAuthorizationEndpoint: false,
});

describe('hybrid.dedicated-app-cloud', () => {
  it('reports the EWS stage and the Graph stage separately; both complete → pass', () => {
    const r = runCheck(check, { artifacts: withGraphStage(artifacts()), now: NOW });
    expect(r.status).toBe('pass');
    expect(r.findings.map((f) => f.message)).toEqual([
      'EWS stage: dedicated hybrid app with full_access_as_app, admin consent and a valid auth certificate',
      `Graph stage: ${GRAPH_STAGE.join(', ')} configured with admin consent`,
    ]);
    expect(r.findings[0]?.target.label).toMatch(/^ExchangeServerApp-6c1f1c7e/);
  });

  it('a missing Graph stage is info before EWS is shut down in Exchange Online, warn from 2027-04-01', () => {
    const partial = () => withGraphStage(artifacts(), ['Calendars.Read', 'MailboxSettings.Read']);
    const before = runCheck(check, { artifacts: partial(), now: NOW });
    expect(before.status).toBe('info');
    expect(before.findings[1]?.message).toMatch(
      /^Graph stage: MailTips\.ReadBasic\.All, ProfilePhoto\.Read\.All not configured.*needed before 2027-04-01/,
    );
    const after = runCheck(check, { artifacts: partial(), now: '2027-04-01T00:00:00Z' });
    expect(after.status).toBe('warn');
    expect(after.findings[1]?.message).toMatch(
      /since 2027-04-01 hybrid free\/busy, MailTips and photos need it/,
    );
  });

  it('warns when there is none', () => {
    const r = runCheck(check, { artifacts: { 'graph.hybridApps': [] } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/shared first-party/);
  });

  it('warns with every problem of an incomplete EWS stage', () => {
    const a = artifacts();
    const app = a['graph.hybridApps'][0]!;
    app.appRoleAssignments = [];
    app.application!.keyCredentials[0]!.endDateTime = '2026-01-01T00:00:00Z';
    const r = runCheck(check, { artifacts: a, now: NOW });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      'EWS stage: no admin consent for full_access_as_app; no valid Exchange Server Auth Certificate in keyCredentials',
    );
  });

  it('a custom-named app is valid when the on-premises auth server names its app id', () => {
    const a = withGraphStage(artifacts());
    const app = a['graph.hybridApps'][0]!;
    app.application!.displayName = 'Contoso hybrid (Graph)';
    const alone = runCheck(check, { artifacts: a, now: NOW });
    expect(alone.findings[0]?.message).toMatch(
      /is not ExchangeServerApp-<organization GUID> and no on-premises auth server evidence/,
    );
    const r = runCheck(check, { artifacts: { ...a, 'ldap.authServers': [authServer(app.appId)] }, now: NOW });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence?.usedByOnPremisesAuthServer).toBe(true);
  });

  it('warns when the auth server names an app Entra ID does not have (deleted)', () => {
    const r = runCheck(check, {
      artifacts: {
        ...artifacts(),
        'graph.hybridApps': [],
        'ldap.authServers': [authServer('c0ffee00-9999-4999-8999-999999999999')],
      },
      now: NOW,
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /uses app c0ffee00-9999.*but Entra ID has no application or service principal with this id/,
    );
  });

  it('edge: a custom-named Graph-only app the auth server names is valid (EWS stage not needed, Graph stage pass)', () => {
    // ConfigureExchangeHybridApplication.ps1 (CSS-Exchange) accepts a custom app name, and after the
    // EWS shutdown a Graph-only app is the target state (issue 12 item 3).
    const a = withGraphStage(artifacts());
    const app = a['graph.hybridApps'][0]!;
    app.application!.displayName = 'Contoso Exchange Hybrid';
    app.application!.requiredResourceAccess = app.application!.requiredResourceAccess!.filter(
      (r) => r.resourceAppId === GRAPH_APP_ID,
    );
    app.appRoleAssignments = app.appRoleAssignments.filter(
      (x) => x.resourceId !== 'exo-sp-id' && x.appRoleId !== 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
    );
    const r = runCheck(check, { artifacts: { ...a, 'ldap.authServers': [authServer(app.appId)] }, now: NOW });
    expect(r.findings.map((f) => f.status)).toEqual(['pass', 'pass']);
    expect(r.findings[0]?.message).toMatch(/Graph-only dedicated hybrid app/);
    expect(r.status).toBe('pass');
    // Without the Graph stage the same app is a warning: it has neither stage.
    const none = structuredClone(a);
    none['graph.hybridApps'][0]!.application!.requiredResourceAccess = [];
    const r2 = runCheck(check, {
      artifacts: { ...none, 'ldap.authServers': [authServer(app.appId)] },
      now: NOW,
    });
    expect(r2.findings[0]?.status).toBe('warn');
    expect(r2.findings[0]?.message).toMatch(/full_access_as_app is not configured/);
  });

  it('edge: two dedicated apps warn; the one on-premises does not use gets no Graph stage', () => {
    const a = withGraphStage(artifacts());
    const copy = structuredClone(a['graph.hybridApps'][0]!);
    copy.appId = 'c0ffee00-0000-4000-8000-000000000000';
    copy.application!.displayName = 'ExchangeServerApp-test';
    a['graph.hybridApps'].push(copy);
    const used = a['graph.hybridApps'][0]!.appId;
    const r = runCheck(check, { artifacts: { ...a, 'ldap.authServers': [authServer(used)] }, now: NOW });
    expect(r.findings.map((f) => f.status)).toEqual(['pass', 'pass', 'pass', 'warn']);
    expect(r.findings[3]?.message).toMatch(/2 dedicated hybrid apps/);
  });
});
