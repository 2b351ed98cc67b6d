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
  it('passes with the override, the dedicated app auth server and Exchange SE', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.status).toBe('pass');
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
    expect(r.status).toBe('pass');
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
});
