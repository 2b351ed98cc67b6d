import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/onprem-ndr-and-duplicates.ts';
import { runCheck } from '../../helpers/check.ts';
import { exoRules, GLOBAL_RULE, ldapArtifacts, SETTINGS } from './fixtures.ts';

describe('journal.onprem-ndr-and-duplicates', () => {
  it('shows the NDR recipient and the duplicate-report note when both sides journal to the Gateway', () => {
    const a = ldapArtifacts();
    const r = runCheck(check, {
      artifacts: {
        'ldap.transportSettings': a['ldap.transportSettings'],
        'ldap.journalRules': a['ldap.journalRules'],
        'exo.journalRules': exoRules(GLOBAL_RULE),
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('info');
    expect(r.findings.map((f) => f.target.label)).toEqual([
      'JournalingReportNdrTo (on-premises)',
      'duplicate journal reports',
    ]);
    expect(r.findings[0]?.message).toBe('journal-ndr@contoso.com');
  });

  it('says when the NDR recipient is not set, without a duplicate note for one side only', () => {
    const a = ldapArtifacts();
    const r = runCheck(check, {
      artifacts: {
        'ldap.transportSettings': { dn: a['ldap.transportSettings']!.dn },
        'ldap.journalRules': a['ldap.journalRules'],
      },
      settings: SETTINGS,
    });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message).toMatch(/Not set/);
  });

  it('reports a missing Transport Settings container (null)', () => {
    const r = runCheck(check, { artifacts: { 'ldap.transportSettings': null }, settings: SETTINGS });
    expect(r.findings[0]?.message).toMatch(/not found/);
  });
});
