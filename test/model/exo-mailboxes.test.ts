import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExoMailbox } from '../../src/evidence/exo.ts';
import type { GraphUser } from '../../src/evidence/graph.ts';
import { hostsCloudMailbox, indexExoMailboxes, normGuid } from '../../src/model/exo-mailboxes.ts';

const row = (primarySmtpAddress: string, extra: Partial<ExoMailbox> = {}): ExoMailbox => ({
  primarySmtpAddress,
  recipientTypeDetails: 'UserMailbox',
  ...extra,
});
const user = (extra: Partial<GraphUser>): GraphUser =>
  ({ id: '0', userPrincipalName: 'nobody@x.com', mail: null, proxyAddresses: [], ...extra }) as GraphUser;

describe('Exchange Online mailbox index', () => {
  it('normalises GUID text like trimming, one brace off each end and lower-casing; the nil GUID is none', () => {
    // The reference is the plain regular-expression form of the same rule.
    const reference = (g: string) => {
      const t = g
        .trim()
        .replace(/^\{|\}$/g, '')
        .toLowerCase();
      return t && t !== '00000000-0000-0000-0000-000000000000' ? t : undefined;
    };
    const piece = fc.constantFrom(
      '{',
      '}',
      ' ',
      'AB',
      'c8566aab-FE9D-48e5-aaa1-e3b697454101',
      '00000000-0000-0000-0000-000000000000',
      '',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }), (parts) => {
        const g = parts.join('');
        expect(normGuid(g)).toBe(reference(g));
      }),
    );
    expect(normGuid('{C8566AAB-FE9D-48E5-AAA1-E3B697454101}')).toBe('c8566aab-fe9d-48e5-aaa1-e3b697454101');
    expect(normGuid(undefined)).toBeUndefined();
  });

  it("finds a user's row by object id first, then UPN, mail and SMTP proxy addresses in that order", () => {
    const byId = row('id@x.com', { externalDirectoryObjectId: 'AAAA-1' });
    const byUpn = row('upn@x.com');
    const byMail = row('mail@x.com');
    const byProxy = row('other@x.com', { emailAddresses: ['SMTP:other@x.com', 'smtp:Alias@X.com'] });
    const index = indexExoMailboxes([byId, byUpn, byMail, byProxy], true);
    const all = { userPrincipalName: 'UPN@x.com', mail: 'MAIL@x.com', proxyAddresses: ['smtp:alias@x.com'] };
    expect(index.forUser(user({ id: 'aaaa-1', ...all }))).toBe(byId);
    expect(index.forUser(user({ id: 'zz', ...all }))).toBe(byUpn);
    expect(index.forUser(user({ ...all, userPrincipalName: 'none@x.com' }))).toBe(byMail);
    expect(index.forUser(user({ proxyAddresses: ['X500:/o=x', 'smtp:ALIAS@x.com'] }))).toBe(byProxy);
    expect(index.forUser(user({ proxyAddresses: ['sip:alias@x.com'] }))).toBeUndefined();
    expect(index.byAddress(' Alias@x.COM ')).toBe(byProxy);
    expect(index.complete).toBe(true);
  });

  it('finds a row by ExchangeGuid in any case, with or without braces, and never by the nil GUID', () => {
    const m = row('a@x.com', { exchangeGuid: 'C8566AAB-FE9D-48E5-AAA1-E3B697454101' });
    const nil = row('b@x.com', { exchangeGuid: '00000000-0000-0000-0000-000000000000' });
    const index = indexExoMailboxes([m, nil]);
    expect(index.byExchangeGuid('{c8566aab-fe9d-48e5-aaa1-e3b697454101}')).toBe(m);
    expect(index.byExchangeGuid('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(index.complete).toBe(false);
  });

  it('counts mailbox rows as hosted in Exchange Online, but not MailUsers or remote mailbox stubs', () => {
    expect(hostsCloudMailbox(row('a@x.com'))).toBe(true);
    expect(hostsCloudMailbox(row('a@x.com', { recipientTypeDetails: 'SharedMailbox' }))).toBe(true);
    expect(hostsCloudMailbox(row('a@x.com', { recipientTypeDetails: 'MailUser' }))).toBe(false);
    expect(hostsCloudMailbox(row('a@x.com', { recipientTypeDetails: 'RemoteUserMailbox' }))).toBe(false);
    expect(hostsCloudMailbox(undefined)).toBe(false);
  });
});
