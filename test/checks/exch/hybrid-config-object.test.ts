import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/hybrid-config-object.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('exch.hybrid-config-object', () => {
  it('passes when the HCW object exists for the worldwide service', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.hybridConfiguration': ldapArtifacts()['ldap.hybridConfiguration'] },
    });
    expect(r.status).toBe('pass');
  });

  it('fails when the object is missing', () => {
    const r = runCheck(check, { artifacts: { 'ldap.hybridConfiguration': null } });
    expect(r.status).toBe('fail');
  });

  it('fails for a 21Vianet service instance', () => {
    const hc = ldapArtifacts()['ldap.hybridConfiguration']!;
    hc.serviceInstance = 1;
    const r = runCheck(check, { artifacts: { 'ldap.hybridConfiguration': hc } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/21Vianet/);
  });

  it('warns when Edge servers are set together with Mailbox transport servers', () => {
    const hc = ldapArtifacts()['ldap.hybridConfiguration']!;
    hc.edgeTransportServers = ['CN=EDGE01,CN=Servers,…'];
    const r = runCheck(check, { artifacts: { 'ldap.hybridConfiguration': hc } });
    expect(r.status).toBe('warn');
  });

  it('says so when msExchManagementSettings is absent (decompiled name) but still passes', () => {
    const hc = ldapArtifacts()['ldap.hybridConfiguration']!;
    delete hc.serviceInstance;
    const r = runCheck(check, { artifacts: { 'ldap.hybridConfiguration': hc } });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/msExchManagementSettings is absent/);
  });
});
