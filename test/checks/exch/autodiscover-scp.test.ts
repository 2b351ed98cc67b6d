import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/autodiscover-scp.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: {
    'ldap.autodiscoverScps': a['ldap.autodiscoverScps'],
    'ldap.exchangeServers': a['ldap.exchangeServers'],
  },
});

describe('exch.autodiscover-scp', () => {
  it('passes for EX01 with an HTTPS URL', () => {
    expect(runCheck(check, input(ldapArtifacts())).status).toBe('pass');
  });

  it('warns for the SCP of a decommissioned server', () => {
    const a = ldapArtifacts();
    a['ldap.autodiscoverScps'].push({
      ...a['ldap.autodiscoverScps'][0]!,
      server: 'EX2013',
      dn: 'CN=EX2013,…',
    });
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings.find((f) => f.status === 'warn')?.message).toMatch(/stale/);
  });

  it('warns for an http:// URL and when there are no SCPs', () => {
    const a = ldapArtifacts();
    a['ldap.autodiscoverScps'][0]!.urls = ['http://ex01.corp.contoso.com/Autodiscover/Autodiscover.xml'];
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(/not HTTPS/);
    a['ldap.autodiscoverScps'] = [];
    expect(runCheck(check, input(a)).status).toBe('warn');
  });
});
