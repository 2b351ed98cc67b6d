import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coexistenceDomainFor,
  isCoexistenceDomain,
  isMicrosoftOwnedDomain,
} from '../../src/model/microsoft-domains.ts';
import {
  carriesSmtpAddress,
  domainOfAddress,
  primarySmtpOf,
  smtpAddresses,
} from '../../src/model/primary-smtp.ts';

describe('primary SMTP address', () => {
  it('takes the upper-case SMTP: proxy address as the primary, lower-cased', () => {
    expect(primarySmtpOf({ proxyAddresses: ['smtp:b@x.com', 'SMTP:Alice@X.com'], mail: 'm@x.com' })).toBe(
      'alice@x.com',
    );
  });

  it('falls back to mail when no proxy address is primary', () => {
    expect(primarySmtpOf({ proxyAddresses: ['smtp:b@x.com', 'X500:/o=x'], mail: ' M@X.com ' })).toBe(
      'm@x.com',
    );
    expect(primarySmtpOf({ proxyAddresses: [], mail: null })).toBeUndefined();
    expect(primarySmtpOf({ mail: '' })).toBeUndefined();
  });

  it('lists every SMTP address and ignores other prefixes and empty values', () => {
    expect(smtpAddresses(['X500:/o=x', 'smtp:b@x.com', 'SMTP:A@x.com', 'SIP:a@x.com', 'smtp:'])).toEqual({
      primary: 'a@x.com',
      all: ['b@x.com', 'a@x.com'],
    });
    expect(smtpAddresses(undefined)).toEqual({ all: [] });
  });

  it('agrees with the plain reading of EmailAddresses for any proxy list (prefix in any case, SMTP: first wins)', () => {
    const reference = (proxies: string[]) => {
      let primary: string | undefined;
      const all: string[] = [];
      for (const p of proxies) {
        if (p.length < 6 || p.slice(0, 5).toLowerCase() !== 'smtp:') continue;
        const addr = p.slice(5).trim().toLowerCase();
        if (!addr) continue;
        if (p.startsWith('SMTP:')) primary ??= addr;
        all.push(addr);
      }
      return { ...(primary ? { primary } : {}), all };
    };
    const proxy = fc.tuple(
      fc.constantFrom('SMTP:', 'smtp:', 'Smtp:', 'sMTP:', 'X500:', 'SIP:', 'smtp', 'SMTP: ', 'ſmtp:', ''),
      fc.constantFrom('', ' ', 'A@X.com', 'b@x.com ', ' C@Y.org', 'x'),
    );
    fc.assert(
      fc.property(
        fc.array(proxy.map(([a, b]) => a + b)),
        fc.option(fc.constantFrom('', ' M@X.com ')),
        (proxies, mail) => {
          const expected = reference(proxies);
          expect(smtpAddresses(proxies)).toEqual(expected);
          const fromMail = mail?.trim().toLowerCase();
          expect(primarySmtpOf({ proxyAddresses: proxies, mail })).toBe(
            expected.primary ?? (fromMail || undefined),
          );
          for (const a of ['a@x.com', 'b@x.com', 'c@y.org', 'x', 'm@x.com'])
            expect(carriesSmtpAddress(proxies, a)).toBe(expected.all.includes(a));
        },
      ),
    );
  });

  it('reads the domain of an address', () => {
    expect(domainOfAddress('a@Contoso.COM')).toBe('contoso.com');
    expect(domainOfAddress('no-at')).toBeUndefined();
    expect(domainOfAddress('a@')).toBeUndefined();
  });
});

describe('Microsoft-owned domains', () => {
  it('recognises the initial, routing and sovereign domains', () => {
    for (const d of [
      'contoso.onmicrosoft.com',
      'contoso.mail.onmicrosoft.com',
      'contoso.onmicrosoft.us',
      'contoso.partner.onmschina.cn',
      'CONTOSO.ONMICROSOFT.COM.',
    ])
      expect(isMicrosoftOwnedDomain(d)).toBe(true);
  });

  it('does not take customer domains that merely contain the words', () => {
    expect(isMicrosoftOwnedDomain('contoso.com')).toBe(false);
    expect(isMicrosoftOwnedDomain('onmicrosoft.com.evil.example')).toBe(false);
    expect(isMicrosoftOwnedDomain('myonmicrosoft.com')).toBe(false);
  });

  it('derives and recognises the coexistence domain', () => {
    expect(coexistenceDomainFor('Contoso.onmicrosoft.com')).toBe('contoso.mail.onmicrosoft.com');
    expect(coexistenceDomainFor('contoso.com')).toBeUndefined();
    expect(isCoexistenceDomain('contoso.mail.onmicrosoft.com')).toBe(true);
    expect(isCoexistenceDomain('contoso.onmicrosoft.com')).toBe(false);
  });
});
