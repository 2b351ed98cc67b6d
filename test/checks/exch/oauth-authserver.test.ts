import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/oauth-authserver.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: {
    'ldap.authServers': a['ldap.authServers'],
    'ldap.partnerApplications': a['ldap.partnerApplications'],
  },
});

describe('exch.oauth-authserver', () => {
  it('passes with an enabled EvoSTS auth server and the EXO partner application', () => {
    expect(runCheck(check, input(ldapArtifacts())).status).toBe('pass');
  });

  it('warns when the auth server is disabled', () => {
    const a = ldapArtifacts();
    a['ldap.authServers'][0]!.enabled = false;
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/auth server is disabled/);
  });

  it('warns when the Exchange Online partner application is missing', () => {
    const a = ldapArtifacts();
    a['ldap.partnerApplications'] = [];
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(
      /no partner application 00000002-0000-0ff1-ce00-000000000000/,
    );
  });

  it('accepts the ACS metadata URL of older configurations (edge)', () => {
    const a = ldapArtifacts();
    a['ldap.authServers'][0]!.metadataUrl =
      'https://accounts.accesscontrol.windows.net/8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11/metadata/json/1';
    expect(runCheck(check, input(a)).status).toBe('pass');
  });
});
