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

// Live evidence: the exo source reads Get-JournalRule through the InvokeCommand endpoint
// (src/evidence/exo.ts ExoOrigin); the rule is the same as for an export
// (https://learn.microsoft.com/exchange/security-and-compliance/journaling/configure-journaling).
describe('journal.exo-rule on live evidence', () => {
  const live = (...rules: Parameters<typeof exoRules>) => ({
    origin: { via: 'invoke-command' as const, cmdlet: 'Get-JournalRule' },
    rules,
  });
  it('passes and says the evidence is live, naming the cmdlet', () => {
    const r = runCheck(check, { artifacts: { 'exo.journalRules': live(GLOBAL_RULE) }, settings: SETTINGS });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      evidence: 'live',
      source: 'live: InvokeCommand Get-JournalRule',
    });
    expect(r.findings[0]?.evidence).not.toHaveProperty('file');
  });
  it('fails with no rule, without calling the tenant an export', () => {
    const r = runCheck(check, { artifacts: { 'exo.journalRules': live() }, settings: SETTINGS });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/Exchange Online has no journal rule \(live: InvokeCommand/);
    expect(r.findings[0]?.message).not.toMatch(/export/);
  });
  it('edge: an export that carries an origin is still "supplied" with its file', () => {
    const r = runCheck(check, {
      artifacts: {
        'exo.journalRules': {
          origin: { via: 'export', file: '/x/journal-rules.json' },
          rules: [GLOBAL_RULE],
        },
      },
      settings: SETTINGS,
    });
    expect(r.findings[0]?.evidence).toMatchObject({
      evidence: 'supplied',
      source: 'supplied: journal-rules.json',
      file: '/x/journal-rules.json',
    });
  });
});
