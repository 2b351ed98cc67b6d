import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/intraorg-and-orgrel.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, SETTINGS } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: {
    'ldap.intraOrgConnectors': a['ldap.intraOrgConnectors'],
    'ldap.orgRelationships': a['ldap.orgRelationships'],
  },
  settings: SETTINGS,
});

describe('exch.intraorg-and-orgrel', () => {
  it('passes with the HCW connector to EXO and lists the organization relationship', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.findings.map((f) => f.status)).toEqual(['pass', 'info']);
  });

  it('warns without any IntraOrganizationConnector', () => {
    const a = ldapArtifacts();
    a['ldap.intraOrgConnectors'] = [];
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe('No IntraOrganizationConnector found');
  });

  it('warns for a disabled connector', () => {
    const a = ldapArtifacts();
    a['ldap.intraOrgConnectors'][0]!.attributes.msExchIntraOrgConnectorEnabled = ['FALSE'];
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe('Connector is disabled');
  });

  it('warns when the connector targets another tenant routing domain', () => {
    const a = ldapArtifacts();
    a['ldap.intraOrgConnectors'][0]!.attributes.msExchIntraOrgConnectorTargetAddressDomains = [
      'fabrikam.mail.onmicrosoft.com',
    ];
    expect(runCheck(check, input(a)).findings[0]?.message).toMatch(
      /does not target contoso.mail.onmicrosoft.com/,
    );
  });
});
