import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/exo-send-connector.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const connectors = () => ldapArtifacts()['ldap.sendConnectors'];
const run = (c: ReturnType<typeof connectors>, options?: Record<string, unknown>) =>
  runCheck(check, { artifacts: { 'ldap.sendConnectors': c }, ...(options ? { setting: { options } } : {}) });

describe('exch.exo-send-connector', () => {
  // The HCW connector as AD stores it: msExchSmtpTLSCertificate, msExchSmtpSendTlsDomain and
  // msExchSmtpSendFlags 131136 = TlsAuthLevel DomainValidation (64) + CloudServicesMailEnabled (131072),
  // the value Microsoft KB 3212872 tells administrators to set.
  it('passes for the HCW connector with TLS and cloud mail, read from msExchSmtpSendFlags', () => {
    const r = run(connectors());
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      cloudServicesMailEnabled: true,
      tlsAuthLevel: 'DomainValidation',
      sendFlags: 131136,
    });
  });

  it('warns when CloudServicesMailEnabled is off (flags 64, KB 3212872’s broken state) and the TLS domain is wrong', () => {
    const c = connectors();
    c[0]!.attributes.msExchSmtpSendFlags = ['64'];
    c[0]!.attributes.msExchSmtpSendTlsDomain = ['contoso.com'];
    const r = run(c);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      'CloudServicesMailEnabled is not true; TlsDomain is contoso.com, not mail.protection.outlook.com',
    );
  });

  it('warns when the confirmed certificate attribute is empty', () => {
    const c = connectors();
    delete c[0]!.attributes.msExchSmtpTLSCertificate;
    expect(run(c).findings[0]?.message).toMatch(/^TlsCertificateName is not set \(msExchSmtpTLSCertificate/);
  });

  // Issue 12 item 8: an unconfirmed encoding never produces a warn by itself.
  it('is info, naming what it looked for, when the TlsAuthLevel bits hold no value it can confirm', () => {
    const c = connectors();
    c[0]!.attributes.msExchSmtpSendFlags = [String(131072)]; // cloud mail on, TLS auth level bits 0
    const r = run(c);
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(
      /TlsAuthLevel not read \(bits 4–11 of msExchSmtpSendFlags = 131072; the encoding is inferred\)/,
    );
    c[0]!.attributes.msExchSmtpSendFlags = [String(131072 + 16)]; // EncryptionOnly
    expect(run(c).findings[0]?.message).toMatch(/TlsAuthLevel looks like EncryptionOnly/);
    expect(run(c).status).toBe('info');
  });

  it('is info when neither the flags nor an explicit CloudServicesMailEnabled attribute exist', () => {
    const c = connectors();
    delete c[0]!.attributes.msExchSmtpSendFlags;
    const r = run(c);
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(
      /CloudServicesMailEnabled not read \(looked for msExchSmtpSendFlags, msExchCloudServicesMailEnabled\)/,
    );
  });

  it('still reads the attribute names older snapshots carry, and honours renamed attributes', () => {
    const c = connectors();
    const a = c[0]!.attributes;
    a.msExchSmtpTLSCertificateName = a.msExchSmtpTLSCertificate!;
    a.msExchSmtpTLSDomain = a.msExchSmtpSendTlsDomain!;
    delete a.msExchSmtpTLSCertificate;
    delete a.msExchSmtpSendTlsDomain;
    delete a.msExchSmtpSendFlags;
    a.msExchSmtpTLSAuthLevel = ['DomainValidation'];
    a.msExchCloudServicesMailEnabled = ['TRUE'];
    expect(run(c).status).toBe('pass');
    a.msExchTlsCert = a.msExchSmtpTLSCertificateName!;
    delete a.msExchSmtpTLSCertificateName;
    expect(run(c).status).toBe('warn');
    expect(run(c, { tlsCertificateNameAttributes: ['msExchTlsCert'] }).status).toBe('pass');
  });

  it('warns when no connector goes to Exchange Online', () => {
    const c = connectors();
    c[0]!.attributes.msExchSmtpSmartHost = ['smtp.isp.example'];
    c[0]!.attributes.routingList = ['SMTP:*;1'];
    expect(run(c).findings[0]?.message).toMatch(/No send connector to Exchange Online/);
  });
});
