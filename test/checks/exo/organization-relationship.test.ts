import { describe, expect, it } from 'vitest';
import check from '../../../checks/exo/organization-relationship.ts';
import type { ExoOrgRelationship } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { HCW_ORGREL, ldapArtifacts, live, SETTINGS } from './fixtures.ts';

// Rules: Get-/Set-OrganizationRelationship (https://learn.microsoft.com/powershell/module/exchange/set-organizationrelationship):
// DomainNames = the federated domains of the other organisation, TargetAutodiscoverEpr = its
// Autodiscover (…/autodiscover/autodiscover.svc/WSSecurity), FreeBusyAccessEnabled; the on-premises
// half is what exch.intraorg-and-orgrel reads (CSS-Exchange FreeBusyChecker compares both sides).
const run = (items: ExoOrgRelationship[], withLdap = true) => {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.orgRelationships': live('Get-OrganizationRelationship', items),
      ...(withLdap
        ? {
            'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
            'ldap.autodiscoverScps': a['ldap.autodiscoverScps'],
            'ldap.orgRelationships': a['ldap.orgRelationships'],
          }
        : {}),
    },
    settings: SETTINGS,
  });
};

describe('exo.organization-relationship', () => {
  it('passes for the HCW relationship to contoso.com at the on-premises Autodiscover', () => {
    const r = run([HCW_ORGREL]);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(
      /Autodiscover at autodiscover.contoso.com, free\/busy LimitedDetails \[live: Admin API/,
    );
  });
  it('warns when there is no relationship to on-premises', () => {
    const r = run([
      {
        ...HCW_ORGREL,
        domainNames: ['fabrikam.com'],
        targetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc',
      },
    ]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/No organization relationship to on-premises/);
  });
  it('warns when disabled, free/busy is off, or Autodiscover points at another host', () => {
    const r = run([
      {
        ...HCW_ORGREL,
        enabled: false,
        freeBusyAccessEnabled: false,
        targetAutodiscoverEpr: 'https://adfs.contoso.com/x',
      },
    ]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /disabled.*not an on-premises Autodiscover host.*FreeBusyAccessEnabled is False/,
    );
  });
  it('edge: a relationship for contoso.com whose Autodiscover points at Microsoft is named as such', () => {
    const r = run([
      {
        ...HCW_ORGREL,
        targetAutodiscoverEpr: 'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc/WSSecurity',
      },
    ]);
    expect(r.findings[0]?.message).toMatch(/points at Microsoft \(autodiscover-s.outlook.com\)/);
  });
  it('edge: without LDAP the on-prem domains come from the config and autodiscover.<domain> is accepted', () => {
    expect(run([HCW_ORGREL], false).status).toBe('pass');
  });
});
