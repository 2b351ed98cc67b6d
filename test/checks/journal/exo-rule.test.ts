import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/exo-rule.ts';
import { runCheck } from '../../helpers/check.ts';
import { exoRules, GATEWAY, GLOBAL_RULE, SETTINGS } from './fixtures.ts';

const run = (...rules: Parameters<typeof exoRules>) =>
  runCheck(check, { artifacts: { 'exo.journalRules': exoRules(...rules) }, settings: SETTINGS });

describe('journal.exo-rule', () => {
  it('passes for an enabled Global rule to the Gateway, marked as supplied evidence', () => {
    const r = run(GLOBAL_RULE);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      evidence: 'supplied',
      file: '/exports/journal-rules.json',
    });
  });

  it('fails when the only rule to the Gateway is disabled', () => {
    const r = run({ ...GLOBAL_RULE, enabled: false });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/MailStore: disabled/);
  });

  it('fails for a rule scoped Internal only (external mail not journaled)', () => {
    const r = run({ ...GLOBAL_RULE, scope: 'Internal' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/Scope Internal/);
  });

  it('passes for an Internal and an External rule that together cover all mail (scope as enum numbers)', () => {
    const r = run({ ...GLOBAL_RULE, name: 'int', scope: 0 }, { ...GLOBAL_RULE, name: 'ext', scope: 1 });
    expect(r.status).toBe('info');
    expect(r.findings.every((f) => f.status === 'info')).toBe(true);
    expect(r.findings.map((f) => f.evidence?.scope)).toEqual(['Internal', 'External']);
  });

  it('fails for a wrong address and for an empty export', () => {
    const wrong = run({ ...GLOBAL_RULE, journalEmailAddress: 'journal@contoso.com' });
    expect(wrong.status).toBe('fail');
    expect(wrong.findings[0]?.message).toMatch(`No journal rule sends to ${GATEWAY}`);
    const none = run();
    expect(none.status).toBe('fail');
    expect(none.findings[0]?.message).toMatch(/lists no journal rule/);
  });

  it('fails for a rule limited to one recipient', () => {
    const r = run({ ...GLOBAL_RULE, recipient: 'bob@contoso.com' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/only bob@contoso.com/);
  });

  it('compares addresses case-insensitively and ignores an SMTP: prefix', () => {
    expect(run({ ...GLOBAL_RULE, journalEmailAddress: 'SMTP:Journal@Gateway.Example.NET' }).status).toBe(
      'pass',
    );
  });

  it('skipped with the config key when the export folder is not configured', () => {
    const r = runCheck(check, { settings: SETTINGS, notConfigured: ['exo'] });
    expect(r.status).toBe('skipped');
  });
});
