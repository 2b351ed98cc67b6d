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

  // The HCW writes autodiscover-s.outlook.com (CSS-Exchange Calendaring/FreeBusyChecker expects it);
  // Microsoft's OAuth article uses outlook.office365.com:
  // https://learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help
  it('accepts the HCW form https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc', () => {
    const a = ldapArtifacts();
    const attrs = a['ldap.intraOrgConnectors'][0]!.attributes;
    for (const [k, v] of Object.entries(attrs))
      attrs[k] = v.map((x) =>
        x.replace(
          /https:\/\/outlook\.office365\.com\/autodiscover/i,
          'https://autodiscover-s.outlook.com/autodiscover',
        ),
      );
    expect(JSON.stringify(attrs)).toContain('autodiscover-s.outlook.com');
    expect(runCheck(check, input(a)).findings[0]?.status).toBe('pass');
  });

  it('a connector to some other Autodiscover endpoint does not count as pointing to Exchange Online', () => {
    const a = ldapArtifacts();
    const attrs = a['ldap.intraOrgConnectors'][0]!.attributes;
    for (const [k, v] of Object.entries(attrs))
      attrs[k] = v.map((x) => x.replace(/outlook\.office365\.com/i, 'autodiscover.fabrikam.com'));
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe('Connector does not point to Exchange Online');
  });
});
