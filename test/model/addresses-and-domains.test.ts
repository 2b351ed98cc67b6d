import { describe, expect, it } from 'vitest';
import {
  coexistenceDomainFor,
  isCoexistenceDomain,
  isMicrosoftOwnedDomain,
} from '../../src/model/microsoft-domains.ts';
import { domainOfAddress, primarySmtpOf, smtpAddresses } from '../../src/model/primary-smtp.ts';

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
