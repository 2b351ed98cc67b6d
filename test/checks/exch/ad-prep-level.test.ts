import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/ad-prep-level.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: { 'ldap.prepLevels': a['ldap.prepLevels'], 'ldap.exchangeServers': a['ldap.exchangeServers'] },
});

describe('exch.ad-prep-level', () => {
  it('passes when schema, org and MESO meet Exchange SE', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.status).toBe('pass');
  });

  it('warns when the organisation was not prepared for the installed CU', () => {
    const a = ldapArtifacts();
    a['ldap.prepLevels'].orgVersion = 16762;
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings.map((f) => f.target.label)).toEqual(['organisation']);
    expect(r.findings[0]?.message).toMatch(/16762.*needs 16763/);
  });

  it('warns for a domain whose MESO container was never prepared (missing objectVersion)', () => {
    const a = ldapArtifacts();
    a['ldap.prepLevels'].meso.push({
      dn: 'CN=Microsoft Exchange System Objects,DC=emea,DC=corp,DC=contoso,DC=com',
    });
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.target.label).toMatch(/DC=emea/);
  });

  it('is info when the build table has no prep levels for the newest build', () => {
    const a = ldapArtifacts();
    a['ldap.exchangeServers'][0]!.serialNumber = 'Version 15.2 (Build 1258.12)';
    const r = runCheck(check, input(a));
    expect(r.status).toBe('info');
  });
});
