import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/onprem-rule.ts';
import type { JournalRule } from '../../../src/evidence/ldap.ts';
import { parseJournalRuleXml } from '../../../src/sources/ldap/reader.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, SETTINGS } from './fixtures.ts';

const DN =
  'CN=Journal,CN=JournalingVersioned,CN=Rules,CN=Transport Settings,CN=Contoso,CN=Microsoft Exchange';

function rule(xml: string, name = 'Journal'): JournalRule {
  return { dn: DN, name, xml, parsed: parseJournalRuleXml(xml) };
}
const xml = (recipient: string, extra = '', attrs = '') =>
  `<rule name="Journal"${attrs}><version requiredMinVersion="15.0.3.0">${extra}<action name="Journal"><argument value="SMTP:${recipient}" /></action></version></rule>`;

function run(rules: JournalRule[], options?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'ldap.journalRules': rules,
      'ldap.users': a['ldap.users'],
      'ldap.mailObjects': a['ldap.mailObjects'],
      'ldap.acceptedDomains': a['ldap.acceptedDomains'],
      ...extra,
    },
    settings: SETTINGS,
    ...(options ? { setting: { options } } : {}),
  });
}

describe('journal.onprem-rule', () => {
  it('passes for contoso-ready’s rule and says the enabled flag was assumed', () => {
    const r = run(ldapArtifacts()['ldap.journalRules']);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/assumed enabled/);
  });

  it('fails for a rule to an internal address (an on-premises journal mailbox)', () => {
    const r = run([rule(xml('journal@contoso.com'))]);
    expect(r.status).toBe('fail');
    expect(r.findings[1]?.message).toMatch(/internal address/);
  });

  it('fails for a disabled rule and for a rule scoped to internal mail', () => {
    const disabled = run([rule(xml('journal@gateway.example.net', '', ' enabled="false"'))]);
    expect(disabled.status).toBe('fail');
    expect(disabled.findings[1]?.message).toMatch(/disabled/);
    const internal = run([
      rule(
        xml(
          'journal@gateway.example.net',
          '<condition><and><isInternal property="Message.Sender" /></and></condition>',
        ),
      ),
    ]);
    expect(internal.status).toBe('fail');
    expect(internal.findings[1]?.message).toMatch(/scoped by isInternal/);
  });

  it('with assumeEnabledWhenUnknown: false a rule without an enabled flag does not count', () => {
    expect(run(ldapArtifacts()['ldap.journalRules'], { assumeEnabledWhenUnknown: false }).status).toBe(
      'fail',
    );
  });

  it('passes when the recipient is a mail contact whose targetAddress is the Gateway', () => {
    const contact = {
      dn: 'CN=MailStore Gateway,OU=Contacts,DC=corp,DC=contoso,DC=com',
      objectClass: ['top', 'contact'],
      mail: 'mailstore-journal@contoso.com',
      proxyAddresses: ['SMTP:mailstore-journal@contoso.com'],
      targetAddress: 'SMTP:journal@gateway.example.net',
    };
    const r = run([rule(xml('mailstore-journal@contoso.com'))], undefined, {
      'ldap.mailObjects': [...ldapArtifacts()['ldap.mailObjects'], contact],
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/contact whose targetAddress/);
  });

  it('fails with no journal rule; error when the XML is unreadable', () => {
    expect(run([]).status).toBe('fail');
    const r = run([
      { dn: DN, name: 'Journal', parseError: 'msExchTransportRuleXml is empty or not readable' },
    ]);
    expect(r.status).toBe('error');
  });
});
