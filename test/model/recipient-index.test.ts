import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adRecipientOf } from '../../checks/journal/common.ts';
import type { AdMailObject, AdUser } from '../../src/evidence/ldap.ts';
import { recipientByAddress } from '../../src/model/recipient-index.ts';

const user = (sam: string, over: Partial<AdUser> = {}): AdUser => ({
  dn: `CN=${sam},DC=corp,DC=contoso,DC=com`,
  sAMAccountName: sam,
  proxyAddresses: [],
  objectGuid: Buffer.from(sam.padEnd(16, '-')).toString('base64'),
  ...over,
});

describe('recipientByAddress', () => {
  it('finds a recipient by mail or by an smtp: proxy address of either case, ignoring case', () => {
    const a = user('a', { mail: 'Alice@Contoso.com' });
    const b = user('b', { proxyAddresses: ['SMTP:Bob@Contoso.com', 'smtp:bob.b@contoso.com'] });
    const c = user('c', { proxyAddresses: ['SmTp:carol@contoso.com'] });
    const list = [a, b, c];
    expect(recipientByAddress(list, 'alice@contoso.com')).toBe(a);
    expect(recipientByAddress(list, 'ALICE@CONTOSO.COM')).toBe(a);
    expect(recipientByAddress(list, 'bob@contoso.com')).toBe(b);
    expect(recipientByAddress(list, 'BOB.B@contoso.com')).toBe(b);
    expect(recipientByAddress(list, 'carol@contoso.com')).toBe(c);
  });

  it('gives a duplicated address to the first recipient in list order, by mail or by proxy', () => {
    const first = user('first', { proxyAddresses: ['smtp:shared@contoso.com'] });
    const second = user('second', {
      mail: 'shared@contoso.com',
      proxyAddresses: ['SMTP:shared@contoso.com'],
    });
    expect(recipientByAddress([first, second], 'shared@contoso.com')).toBe(first);
    expect(recipientByAddress([second, first], 'shared@contoso.com')).toBe(second);
  });

  it('compares as the journaling checks always did: no trimming, no other prefixes, no UPN', () => {
    const u = user('u', {
      userPrincipalName: 'upn@contoso.com',
      mail: ' spaced@contoso.com',
      proxyAddresses: ['X500:/o=Contoso/cn=u', 'SIP:u@contoso.com', 'smtp: padded@contoso.com'],
    });
    const list = [u];
    expect(recipientByAddress(list, 'upn@contoso.com')).toBeUndefined();
    expect(recipientByAddress(list, 'spaced@contoso.com')).toBeUndefined();
    expect(recipientByAddress(list, ' spaced@contoso.com')).toBe(u);
    expect(recipientByAddress(list, 'u@contoso.com')).toBeUndefined();
    expect(recipientByAddress(list, '/o=contoso/cn=u')).toBeUndefined();
    expect(recipientByAddress(list, 'padded@contoso.com')).toBeUndefined();
    expect(recipientByAddress(list, ' padded@contoso.com')).toBe(u);
  });

  it('keeps one index per list: another list, even with the same recipients in another order, has its own', () => {
    const x = user('x', { mail: 'same@contoso.com' });
    const y = user('y', { mail: 'same@contoso.com' });
    const list = [x, y];
    expect(recipientByAddress(list, 'same@contoso.com')).toBe(x);
    expect(recipientByAddress([y, x], 'same@contoso.com')).toBe(y);
    expect(recipientByAddress(list, 'same@contoso.com')).toBe(x);
    expect(recipientByAddress(undefined, 'same@contoso.com')).toBeUndefined();
    expect(recipientByAddress([], 'same@contoso.com')).toBeUndefined();
  });

  it('ignores malformed values instead of failing (a tampered snapshot)', () => {
    const bad = {
      ...user('bad'),
      mail: 42,
      proxyAddresses: [null, 7, 'smtp:ok@contoso.com'],
    } as unknown as AdUser;
    expect(recipientByAddress([bad], 'ok@contoso.com')).toBe(bad);
  });
});

describe('adRecipientOf (journaling): users before other mail objects', () => {
  const contact: AdMailObject = {
    dn: 'CN=Gateway contact,DC=corp,DC=contoso,DC=com',
    objectClass: ['top', 'contact'],
    proxyAddresses: ['SMTP:journal@contoso.com'],
    targetAddress: 'SMTP:journal@gateway.example',
  };

  it('answers from the users when a user holds the address, else from the objects', () => {
    const u = user('journal', { mail: 'journal@contoso.com' });
    expect(adRecipientOf('Journal@contoso.com', [u], [contact])).toEqual({ dn: u.dn, kind: 'user', user: u });
    expect(adRecipientOf('journal@contoso.com', [user('other')], [contact])).toEqual({
      dn: contact.dn,
      kind: 'object',
      objectClass: contact.objectClass,
      targetAddress: contact.targetAddress,
    });
    expect(adRecipientOf('nobody@contoso.com', [user('other')], [contact])).toBeUndefined();
  });

  it('answers the first lookups of a list by a scan exactly as its index answers the later ones (property test)', () => {
    // The plain definition: the first recipient in list order whose mail or smtp: proxy is the address.
    const reference = (list: AdUser[], address: string) => {
      const key = address.toLowerCase();
      return list.find(
        (r) =>
          (typeof r.mail === 'string' && r.mail.toLowerCase() === key) ||
          (r.proxyAddresses ?? []).some((p) => /^smtp:/i.test(p) && p.slice(5).toLowerCase() === key),
      );
    };
    const address = fc.constantFrom('a@x.com', 'A@X.COM', 'b@x.com', ' b@x.com', 'c@y.org');
    const proxy = fc
      .tuple(fc.constantFrom('SMTP:', 'smtp:', 'SmTp:', 'sip:', 'smtp'), address)
      .map(([p, a]) => p + a);
    const recipient = fc.record({
      mail: fc.option(address, { nil: undefined }),
      proxyAddresses: fc.array(proxy, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(recipient, { maxLength: 6 }),
        fc.array(address, { minLength: 1, maxLength: 10 }),
        (rs, asks) => {
          const list = rs.map((r, i) => user(`u${i}`, r));
          for (const a of asks) expect(recipientByAddress(list, a)).toBe(reference(list, a));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
