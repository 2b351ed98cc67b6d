import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/dedicated-hybrid-app-onprem.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: {
    'ldap.authServers': a['ldap.authServers'],
    'ldap.settingOverrides': a['ldap.settingOverrides'],
    'ldap.exchangeServers': a['ldap.exchangeServers'],
    'ldap.organizations': a['ldap.organizations'],
  },
});

describe('exch.dedicated-hybrid-app-onprem', () => {
  it('EWS stage passes with the override, the dedicated app auth server and Exchange SE', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.findings[0]?.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/^EWS stage: /);
    expect(r.findings[0]?.evidence?.expectedAppName).toBe(
      'ExchangeServerApp-6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f',
    );
  });

  it('warns without the setting override', () => {
    const a = ldapArtifacts();
    a['ldap.settingOverrides'] = [];
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/no setting override for ExchangeOnpremAsThirdPartyAppId/);
  });

  it('warns when the only auth server uses the shared first-party app id', () => {
    const a = ldapArtifacts();
    a['ldap.authServers'][0]!.applicationIdentifier = '00000002-0000-0ff1-ce00-000000000000';
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(
      /no enabled auth server with the dedicated app id/,
    );
  });

  it('warns for a server below the April 2025 hotfix, and notes an unknown SU revision on 2019 CU15', () => {
    const a = ldapArtifacts();
    a['ldap.exchangeServers'][0]!.serialNumber = 'Version 15.2 (Build 1258.12)';
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(/below the April 2025 hotfix/);
    a['ldap.exchangeServers'][0]!.serialNumber = 'Version 15.2 (Build 1748.10)';
    const r = runCheck(check, input(a));
    expect(r.findings[0]?.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/http.exchange-build-fingerprint/);
  });

  it('treats an override with Enabled=False as missing', () => {
    const a = ldapArtifacts();
    const o = a['ldap.settingOverrides'][0]!;
    o.attributes.msExchConfigSettingsXml = [
      o.attributes.msExchConfigSettingsXml![0]!.replace('Enabled=True', 'Enabled=False'),
    ];
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(/override is disabled/);
  });

  // Issue 12 item 3: ConfigureExchangeHybridApplication.ps1's Graph stage needs the RouteThroughMSGraph
  // override and Exchange SE 15.2.2562.41 (May 2026 hotfix); older servers keep using EWS.
  const graphOverride = (enabled = true) => ({
    dn: 'CN=RouteThroughMSGraph,CN=Setting Overrides,CN=Global Settings',
    objectClass: ['msExchConfigSettings'],
    name: 'RouteThroughMSGraph',
    attributes: {
      msExchConfigSettingsXml: [
        `<Settings><ComponentName>Global</ComponentName><SectionName>RouteThroughMSGraph</SectionName><Parameters><Parameter>Enabled=${enabled ? 'True' : 'False'}</Parameter></Parameters></Settings>`,
      ],
    },
  });

  it('reports the Graph stage separately: AD keeps no update revision, so SE with the override is info to confirm', () => {
    const a = ldapArtifacts();
    a['ldap.settingOverrides'].push(graphOverride());
    const r = runCheck(check, input(a));
    expect(r.findings[0]?.status).toBe('pass');
    expect(r.findings[1]?.status).toBe('info');
    expect(r.findings[1]?.message).toBe(
      'Graph stage: RouteThroughMSGraph enabled; AD shows no update revision for EX01: confirm Exchange SE 15.2.2562.41 or later with http.exchange-build-fingerprint',
    );
  });

  it('a missing Graph stage is info before EWS shuts down in Exchange Online, warn from 2027-04-01', () => {
    const a = ldapArtifacts();
    const before = runCheck(check, { ...input(a), now: '2026-12-01T00:00:00Z' });
    expect(before.findings[1]?.status).toBe('info');
    expect(before.findings[1]?.message).toMatch(
      /^Graph stage: no enabled setting override for RouteThroughMSGraph.*needed before 2027-04-01/,
    );
    // Exchange 2019 never gets the Graph stage: it keeps using EWS.
    a['ldap.settingOverrides'].push(graphOverride());
    a['ldap.exchangeServers'][0]!.serialNumber = 'Version 15.2 (Build 1748.10)';
    const after = runCheck(check, { ...input(a), now: '2027-04-01T00:00:00Z' });
    expect(after.status).toBe('warn');
    expect(after.findings[1]?.message).toMatch(
      /servers without Exchange SE 15\.2\.2562\.41 or later.*EX01 15\.2\.1748.*since 2027-04-01 EWS is shut down/,
    );
  });

  it('conflicting setting overrides are an error ("cannot determine"), as HealthChecker reports them', () => {
    const a = ldapArtifacts();
    a['ldap.settingOverrides'].push(graphOverride(true), {
      ...graphOverride(false),
      name: 'RouteThroughMSGraph-off',
    });
    const r = runCheck(check, input(a));
    expect(r.status).toBe('error');
    expect(r.findings[0]?.message).toMatch(
      /^Cannot determine the RouteThroughMSGraph setting: 2 setting overrides disagree/,
    );
  });
});
