import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/gateway-address.ts';
import { runCheck } from '../../helpers/check.ts';
import { dnsGateway, ldapArtifacts, SETTINGS } from './fixtures.ts';

const accepted = () => ldapArtifacts()['ldap.acceptedDomains'];

describe('journal.gateway-address', () => {
  it('passes for an external address with an MX', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.acceptedDomains': accepted(), 'dns.gateway': dnsGateway() },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/MX msgw\.example\.net/);
  });

  it('fails for an address in an on-premises accepted domain (an internal journal mailbox)', () => {
    const r = runCheck(check, {
      artifacts: { 'ldap.acceptedDomains': accepted() },
      settings: { ...SETTINGS, mailstore: { gatewayAddress: 'journal@contoso.com' } },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/on-premises accepted domain/);
  });

  it('fails for a tenant domain (contoso.onmicrosoft.com) from graph.domains', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.domains': [{ id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: ['Email'] }],
      },
      settings: { ...SETTINGS, mailstore: { gatewayAddress: 'journal@contoso.onmicrosoft.com' } },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/tenant domain/);
  });

  it('an unverified tenant domain does not make the address internal', () => {
    const r = runCheck(check, {
      artifacts: {
        'graph.domains': [{ id: 'gateway.example.net', isVerified: false, supportedServices: [] }],
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
  });

  it('fails for a wildcard and for a syntax error', () => {
    for (const gatewayAddress of ['*@gateway.example.net', 'journal.gateway.example.net']) {
      const r = runCheck(check, { settings: { ...SETTINGS, mailstore: { gatewayAddress } } });
      expect(r.status, gatewayAddress).toBe('fail');
    }
  });

  // RFC 5890 §2.3.2.1: an IDN label travels as an A-label `xn--…`, top-level domains included
  // (.xn--p1ai is .рф); RFC 5321 §4.1.2 allows it in the domain of a mailbox.
  it('accepts an IDN top-level domain in its A-label form; still refuses a numeric or one-letter TLD', () => {
    for (const gatewayAddress of ['journal@archiv.xn--p1ai', 'journal@gateway.xn--80asehdb']) {
      const r = runCheck(check, { settings: { ...SETTINGS, mailstore: { gatewayAddress } } });
      expect(r.findings[0]?.message, gatewayAddress).not.toMatch(/not a valid|syntax/i);
    }
    for (const gatewayAddress of ['journal@gateway.example.123', 'journal@gateway.example.x', 'j@g.xn--']) {
      const r = runCheck(check, { settings: { ...SETTINGS, mailstore: { gatewayAddress } } });
      expect(r.status, gatewayAddress).toBe('fail');
    }
  });

  it('fails when the Gateway domain has no MX; error when the MX lookup SERVFAILs', () => {
    const none = runCheck(check, {
      artifacts: { 'dns.gateway': dnsGateway({ mx: [] }) },
      settings: SETTINGS,
    });
    expect(none.status).toBe('fail');
    expect(none.findings[0]?.message).toMatch(/no MX/);
    const servfail = runCheck(check, {
      artifacts: { 'dns.gateway': dnsGateway({ mx: [], mxState: 'servfail' }) },
      settings: SETTINGS,
    });
    expect(servfail.status).toBe('error');
  });

  it('a subdomain of an accepted domain with matchSubDomains is internal', () => {
    const domains = accepted().map((d) => (d.domain === 'contoso.com' ? { ...d, matchSubDomains: true } : d));
    const r = runCheck(check, {
      artifacts: { 'ldap.acceptedDomains': domains },
      settings: { ...SETTINGS, mailstore: { gatewayAddress: 'journal@archive.contoso.com' } },
    });
    expect(r.status).toBe('fail');
  });

  it('without mailstore.gatewayAddress: info naming the setting', () => {
    const r = runCheck(check, { settings: { domains: [] } });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/mailstore\.gatewayAddress/);
  });
});
