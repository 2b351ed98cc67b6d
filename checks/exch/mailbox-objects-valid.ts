import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { recipientKind, recipientTypeName } from '../../src/model/recipient-types.ts';
import { normDnKey } from './dn.ts';

export default defineCheck({
  id: 'exch.mailbox-objects-valid',
  area: 'exch',
  severity: 'warn',
  targetKind: 'mailbox',
  title: 'On-premises mailbox objects are consistent',
  failureTitle: 'On-premises mailbox objects are inconsistent',
  description:
    'An on-premises mailbox needs homeMDB (its database) and msExchHomeServerName. Broken objects are not reachable over EWS, so the archive cannot read them, and Exchange setup refuses to upgrade (SetupAssist rule).',
  remediation:
    'Repair the listed users (Set-Mailbox / Update-Recipient, or remove and reconnect the mailbox); for a database that no longer exists move the mailbox object to an existing one.',
  docs: [
    'https://github.com/microsoft/CSS-Exchange/blob/main/Setup/SetupAssist/Checks/Domain/Test-ValidMailboxProperties.ps1',
  ],
  requires: ['ldap.users'],
  optional: ['ldap.databases'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const mailboxes = artifacts['ldap.users'].filter(
      (u) => u.mailNickname && recipientKind(u.msExchRecipientTypeDetails) === 'onprem-mailbox',
    );
    if (mailboxes.length === 0)
      return [{ target: 'on-premises mailboxes', status: 'info', message: 'No on-premises mailboxes found' }];
    const dbs = artifacts['ldap.databases'];
    const known = dbs && dbs.length > 0 ? new Set(dbs.map((d) => normDnKey(d.dn))) : undefined;
    // A handful of databases hold every mailbox: each distinct homeMDB is resolved once.
    const knownDb = new Map<string, boolean>();
    const isKnown = (homeMDB: string) => {
      const seen = knownDb.get(homeMDB);
      if (seen !== undefined) return seen;
      const hit = !known || known.has(normDnKey(homeMDB));
      knownDb.set(homeMDB, hit);
      return hit;
    };
    const findings: Finding[] = [];
    let ok = 0;
    for (const u of mailboxes) {
      const problems: string[] = [];
      if (!u.homeMDB) problems.push('homeMDB is empty');
      else if (!isKnown(u.homeMDB))
        problems.push(`homeMDB points to a database that does not exist (${u.homeMDB})`);
      if (!u.msExchHomeServerName) problems.push('msExchHomeServerName is empty');
      if (problems.length)
        findings.push({
          target: u.userPrincipalName ?? u.dn,
          status: 'warn',
          message: problems.join('; '),
          evidence: {
            dn: u.dn,
            recipientType: recipientTypeName(u.msExchRecipientTypeDetails),
            homeMDB: u.homeMDB,
            msExchHomeServerName: u.msExchHomeServerName,
            legacyExchangeDN: u.legacyExchangeDN,
          },
        });
      else ok++;
    }
    if (ok > 0)
      findings.push({
        target: 'on-premises mailboxes',
        status: 'pass',
        message: `${ok} of ${mailboxes.length} on-premises mailboxes have a valid database and home server`,
        evidence: { ok, total: mailboxes.length, databases: dbs?.map((d) => d.name) },
      });
    return findings;
  },
});
