import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/exo-send-connector.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

describe('exch.exo-send-connector', () => {
  it('passes for the HCW connector with TLS and cloud mail', () => {
    expect(
      runCheck(check, { artifacts: { 'ldap.sendConnectors': ldapArtifacts()['ldap.sendConnectors'] } })
        .status,
    ).toBe('pass');
  });

  it('warns when CloudServicesMailEnabled is false and the TLS domain is wrong', () => {
    const c = ldapArtifacts()['ldap.sendConnectors'];
    c[0]!.attributes.msExchCloudServicesMailEnabled = ['FALSE'];
    c[0]!.attributes.msExchSmtpTLSDomain = ['contoso.com'];
    const r = runCheck(check, { artifacts: { 'ldap.sendConnectors': c } });
    expect(r.findings[0]?.message).toBe(
      'CloudServicesMailEnabled is not true; TlsDomain is contoso.com, not mail.protection.outlook.com',
    );
  });

  it('says which unconfirmed attribute it could not find, and honours renamed attributes', () => {
    const c = ldapArtifacts()['ldap.sendConnectors'];
    const cert = c[0]!.attributes.msExchSmtpTLSCertificateName!;
    delete c[0]!.attributes.msExchSmtpTLSCertificateName;
    const r = runCheck(check, { artifacts: { 'ldap.sendConnectors': c } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/TlsCertificateName not found .*names unconfirmed/);
    c[0]!.attributes.msExchTlsCertificateName = cert;
    const renamed = runCheck(check, {
      artifacts: { 'ldap.sendConnectors': c },
      setting: { options: { tlsCertificateNameAttributes: ['msExchTlsCertificateName'] } },
    });
    expect(renamed.status).toBe('pass');
  });

  it('warns when no connector goes to Exchange Online', () => {
    const c = ldapArtifacts()['ldap.sendConnectors'];
    c[0]!.attributes.msExchSmtpSmartHost = ['smtp.isp.example'];
    c[0]!.attributes.routingList = ['SMTP:*;1'];
    expect(runCheck(check, { artifacts: { 'ldap.sendConnectors': c } }).findings[0]?.message).toMatch(
      /No send connector to Exchange Online/,
    );
  });
});
