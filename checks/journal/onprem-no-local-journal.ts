import { defineCheck } from '../../src/engine/define-check.ts';
import { gatewayOf, normAddress, ONPREM_DOC } from './common.ts';

export default defineCheck({
  id: 'journal.onprem-no-local-journal',
  area: 'journal',
  severity: 'warn',
  targetKind: 'object',
  title: 'No database-level journaling to a local mailbox',
  failureTitle: 'A mailbox database journals to a local recipient',
  description:
    'Standard (per-database) journaling sends a copy of every message of the database to one recipient. MailStore expects the journal reports at the Gateway, not in an on-premises journal mailbox that fills up and is archived twice.',
  remediation: {
    text: 'Remove the database journal recipient, and journal with a Global journal rule to the Gateway’s external address instead (or point the database at a mail contact whose external address is the Gateway).',
    powershell: ['Set-MailboxDatabase <db> -JournalRecipient $null'],
  },
  docs: [ONPREM_DOC],
  requires: ['ldap.databases'],
  confidence: 'community',
  run({ artifacts, settings }) {
    const dbs = artifacts['ldap.databases'];
    const gateway = gatewayOf(settings);
    if (dbs.length === 0)
      return [{ target: 'mailbox databases', status: 'info', message: 'No mailbox database found' }];
    return dbs.map((db) => {
      const evidence: Record<string, unknown> = {
        dn: db.dn,
        server: db.server,
        msExchMessageJournalRecipient: db.journalRecipient ?? null,
      };
      if (!db.journalRecipient)
        return {
          target: db.name,
          status: 'pass' as const,
          message: 'No per-database journal recipient',
          evidence,
        };
      const o = db.journalRecipientObject;
      if (o) evidence.recipient = o;
      if (o && !o.exists)
        return {
          target: db.name,
          status: 'warn' as const,
          message: `Journal recipient ${db.journalRecipient} no longer exists: reports for this database go nowhere`,
          evidence,
        };
      const target = normAddress(o?.targetAddress);
      if (gateway && target === gateway)
        return {
          target: db.name,
          status: 'info' as const,
          message: `Journals to a mail contact whose external address is the Gateway (${gateway})`,
          evidence,
        };
      const what = o?.objectClass.includes('contact')
        ? `a contact forwarding to ${o.targetAddress ?? 'no external address'}`
        : `a local recipient${o?.mail ? ` (${o.mail})` : ''}`;
      return {
        target: db.name,
        status: 'warn' as const,
        message: `Database-level journaling to ${what}, not to the Gateway`,
        evidence,
      };
    });
  },
});
