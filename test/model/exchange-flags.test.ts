import { describe, expect, it } from 'vitest';
import { findRelease, parseExchangeVersion } from '../../src/model/exchange-builds.ts';
import {
  decodeAcceptedDomainFlags,
  decodeBits,
  HYBRID_FEATURE_BITS,
  SERVER_ROLE_BITS,
} from '../../src/model/exchange-flags.ts';
import { coexistenceDomainFor } from '../../src/model/microsoft-domains.ts';
import { smtpAddresses } from '../../src/model/primary-smtp.ts';
import { recipientKind } from '../../src/model/recipient-types.ts';

describe('Exchange AD decoders', () => {
  it('classifies recipient types, including the Large-Integer remote types', () => {
    expect(recipientKind('1')).toBe('onprem-mailbox');
    expect(recipientKind('4')).toBe('onprem-mailbox');
    expect(recipientKind('2147483648')).toBe('remote-mailbox');
    expect(recipientKind('34359738368')).toBe('remote-mailbox');
    expect(recipientKind('128')).toBe('other');
    expect(recipientKind(undefined)).toBe('none');
  });

  it('decodes server roles (16439 = a 2019/SE Mailbox server) and hybrid features (639)', () => {
    expect(decodeBits(16439, SERVER_ROLE_BITS)).toEqual([
      'Cafe',
      'Mailbox',
      'ClientAccess',
      'UnifiedMessaging',
      'HubTransport',
      'FrontendTransport',
    ]);
    expect(decodeBits(639, HYBRID_FEATURE_BITS)).toContain('SecureMail');
    expect(decodeBits(639, HYBRID_FEATURE_BITS)).not.toContain('CentralizedTransportOnPrem');
  });

  it('decodes accepted-domain flags', () => {
    expect(decodeAcceptedDomainFlags(4)).toMatchObject({ type: 'Authoritative', isDefault: true });
    expect(decodeAcceptedDomainFlags(2 | 65536)).toMatchObject({
      type: 'InternalRelay',
      matchSubDomains: true,
    });
  });

  it('reads SMTP addresses with the primary first, and the coexistence domain of a tenant', () => {
    expect(smtpAddresses(['X500:/o=x', 'smtp:b@x.com', 'SMTP:A@x.com'])).toEqual({
      primary: 'a@x.com',
      all: ['b@x.com', 'a@x.com'],
    });
    expect(coexistenceDomainFor('contoso.onmicrosoft.com')).toBe('contoso.mail.onmicrosoft.com');
    expect(coexistenceDomainFor('contoso.com')).toBeUndefined();
  });

  it('finds the CU of an AD serialNumber in the one build table, with AD prep levels', () => {
    const v = parseExchangeVersion('Version 15.2 (Build 1748.10)')!;
    expect(findRelease(v)).toMatchObject({
      cu: 'CU15',
      adSchemaVersion: 17003,
      adOrgVersion: 16763,
      adMesoVersion: 13243,
    });
  });
});
