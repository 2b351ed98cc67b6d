import { describe, expect, it } from 'vitest';
import check from '../../../checks/exo/intraorg-connector.ts';
import type { ExoIntraOrgConnector } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { HCW_IOC, ldapArtifacts, live, SETTINGS, supplied } from './fixtures.ts';

// Rules: Configure OAuth authentication between Exchange and Exchange Online
// (https://learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help):
// in Exchange Online, New-IntraOrganizationConnector -DiscoveryEndpoint <on-premises Autodiscover.svc>
// -TargetAddressDomains <on-premises domains>; on-premises the connector points at Exchange Online
// (exch.intraorg-and-orgrel), so the two checks never expect the same endpoint.
const run = (items: ExoIntraOrgConnector[]) => {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.intraOrgConnectors': live('Get-IntraOrganizationConnector', items),
      'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
      'ldap.autodiscoverScps': a['ldap.autodiscoverScps'],
    },
    settings: SETTINGS,
  });
};

describe('exo.intraorg-connector', () => {
  it('passes for a connector to contoso.com discovering at the on-premises autodiscover.svc', () => {
    expect(run([HCW_IOC]).status).toBe('pass');
  });
  it('warns when there is none to on-premises', () => {
    const r = run([]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/No IntraOrganizationConnector to on-premises/);
  });
  it('warns when disabled or the endpoint is not autodiscover.svc', () => {
    const r = run([
      {
        ...HCW_IOC,
        enabled: false,
        discoveryEndpoint: 'https://autodiscover.contoso.com/Autodiscover/Autodiscover.xml',
      },
    ]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/disabled.*does not end in \/autodiscover\/autodiscover.svc/);
  });
  it('edge: a connector for contoso.com that discovers at Exchange Online is the on-prem direction, flagged', () => {
    const r = run([
      { ...HCW_IOC, discoveryEndpoint: 'https://outlook.office365.com/autodiscover/autodiscover.svc' },
    ]);
    expect(r.findings[0]?.message).toMatch(/points at Microsoft/);
  });
  it('edge: a supplied export is named as such', () => {
    const r = runCheck(check, {
      artifacts: { 'exo.intraOrgConnectors': supplied('intra-organization-connectors.json', [HCW_IOC]) },
      settings: SETTINGS,
    });
    expect(r.findings[0]?.message).toMatch(/supplied: intra-organization-connectors.json/);
  });
});
