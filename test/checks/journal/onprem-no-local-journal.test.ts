import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/onprem-no-local-journal.ts';
import type { MailboxDatabase } from '../../../src/evidence/ldap.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, SETTINGS } from './fixtures.ts';

const db = (extra: Partial<MailboxDatabase>): MailboxDatabase => ({
  ...ldapArtifacts()['ldap.databases'][0]!,
  ...extra,
});
const run = (dbs: MailboxDatabase[]) =>
  runCheck(check, { artifacts: { 'ldap.databases': dbs }, settings: SETTINGS });
const JR = 'CN=Journal Mailbox,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com';

describe('journal.onprem-no-local-journal', () => {
  it('passes without a per-database journal recipient', () => {
    expect(run(ldapArtifacts()['ldap.databases']).status).toBe('pass');
  });

  it('warns for journaling to a local mailbox', () => {
    const r = run([
      db({
        journalRecipient: JR,
        journalRecipientObject: { objectClass: ['top', 'user'], mail: 'journal@contoso.com', exists: true },
      }),
    ]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/local recipient \(journal@contoso.com\)/);
  });

  it('info when the recipient is a contact whose targetAddress is the Gateway', () => {
    const r = run([
      db({
        journalRecipient: JR,
        journalRecipientObject: {
          objectClass: ['top', 'contact'],
          targetAddress: 'SMTP:journal@gateway.example.net',
          exists: true,
        },
      }),
    ]);
    expect(r.status).toBe('info');
  });

  it('warns for a dangling journal recipient DN', () => {
    const r = run([db({ journalRecipient: JR, journalRecipientObject: { objectClass: [], exists: false } })]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/no longer exists/);
  });
});
