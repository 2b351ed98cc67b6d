import { describe, expect, it } from 'vitest';
import { certificateNameMatches, certificateSubjectNames } from '../../../checks/exo/common.ts';
import check from '../../../checks/exo/inbound-connector.ts';
import type { ExoInboundConnector } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { HCW_INBOUND, ldapArtifacts, live, SETTINGS, supplied } from './fixtures.ts';

// Rules: Get-/Set-/New-InboundConnector (https://learn.microsoft.com/powershell/module/exchange/new-inboundconnector):
// ConnectorType OnPremises for mail from your on-premises servers; TlsSenderCertificateName "specifies
// the TLS certificate that's used when the value of RequireTls is $true", wildcards "indicate a domain
// and all subdomains"; SenderIPAddresses identify the sender by IP. The on-premises side is the HCW send
// connector "Outbound to Office 365" (msExchSmtpTLSCertificate, as exch.exo-send-connector reads it;
// CSS-Exchange HealthChecker ExoConnectorCheck). Certificate wildcards cover one label (RFC 6125 §6.4.3).
const run = (
  items: ExoInboundConnector[],
  opts: { ldap?: boolean; options?: Record<string, unknown> } = {},
) => {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.inboundConnectors': live('Get-InboundConnector', items),
      ...(opts.ldap === false
        ? {}
        : {
            'ldap.sendConnectors': a['ldap.sendConnectors'],
            'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
            'ldap.acceptedDomains': a['ldap.acceptedDomains'],
          }),
    },
    settings: SETTINGS,
    ...(opts.options ? { setting: { options: opts.options } } : {}),
  });
};

describe('exo.inbound-connector', () => {
  it('passes for the HCW connector identified by the certificate on-premises presents, naming the live source', () => {
    const r = run([HCW_INBOUND]);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(
      /by certificate mail.contoso.com \(on-premises presents mail.contoso.com\)/,
    );
    expect(r.findings[0]?.message).toMatch(/live: Admin API Get-InboundConnector/);
    expect(r.findings[0]?.evidence).toMatchObject({
      evidence: 'live',
      source: 'live: Admin API Get-InboundConnector',
    });
  });
  it('fails when there is no OnPremises connector', () => {
    const r = run([{ ...HCW_INBOUND, connectorType: 'Partner' }]);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/No inbound connector of type OnPremises/);
  });
  it('fails when the HCW connector is disabled', () => {
    expect(run([{ ...HCW_INBOUND, enabled: false }]).findings[0]?.message).toMatch(/disabled/);
  });
  it('fails for a certificate name without RequireTls, and for no identification at all', () => {
    expect(run([{ ...HCW_INBOUND, requireTls: false }]).status).toBe('fail');
    const none = run([{ ...HCW_INBOUND, tlsSenderCertificateName: undefined }]);
    expect(none.status).toBe('fail');
    expect(none.findings[0]?.message).toMatch(/neither by certificate/);
  });
  it('warns (by default) when the certificate name matches no name of the on-premises certificate; fail by option', () => {
    const bad = { ...HCW_INBOUND, tlsSenderCertificateName: 'smtp.fabrikam.com' };
    const r = run([bad]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/matches no name.*subject CN mail.contoso.com.*SAN/);
    expect(run([bad], { options: { certificateMismatch: 'fail' } }).status).toBe('fail');
  });
  it('edge: a wildcard connector name accepts the certificate; IP-only identification warns', () => {
    expect(run([{ ...HCW_INBOUND, tlsSenderCertificateName: '*.contoso.com' }]).status).toBe('pass');
    const ip = run([
      { ...HCW_INBOUND, tlsSenderCertificateName: undefined, senderIPAddresses: ['203.0.113.10'] },
    ]);
    expect(ip.status).toBe('warn');
    expect(ip.findings[0]?.message).toMatch(/sender IP addresses only \(203.0.113.10\)/);
  });
  it('edge: prefers the HCW connector and lists a second OnPremises connector as info', () => {
    const r = run([
      HCW_INBOUND,
      { ...HCW_INBOUND, name: 'Old manual', connectorSource: 'AdminUI', enabled: false },
    ]);
    expect(r.status).toBe('info');
    expect(r.findings.find((f) => f.target.label === 'Old manual')?.status).toBe('info');
  });
  it('edge: without LDAP it says the on-premises certificate was not read; an export says supplied', () => {
    const r = runCheck(check, {
      artifacts: { 'exo.inboundConnectors': supplied('inbound-connectors.json', [HCW_INBOUND]) },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(
      /not read: ldap.sendConnectors.*supplied: inbound-connectors.json/,
    );
  });
  it('warns when the on-premises send connector targets another tenant', () => {
    const a = ldapArtifacts();
    a['ldap.sendConnectors'][0]!.attributes.msExchSmtpSmartHost = [
      'fabrikam-com.mail.protection.outlook.com',
    ];
    const r = runCheck(check, {
      artifacts: {
        'exo.inboundConnectors': live('Get-InboundConnector', [HCW_INBOUND]),
        'ldap.sendConnectors': a['ldap.sendConnectors'],
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('warn');
    expect(r.findings.at(-1)?.message).toMatch(
      /fabrikam-com.mail.protection.outlook.com is not this tenant's/,
    );
  });
  it('is skipped without the Exchange Online connectors', () => {
    expect(runCheck(check, { notConfigured: ['exo'], settings: SETTINGS }).status).toBe('skipped');
  });
});

describe('certificate names', () => {
  it('reads the subject CN of <I>issuer<S>subject', () => {
    expect(certificateSubjectNames("<I>CN=R3, O=Let's Encrypt<S>CN=Mail.Contoso.com, O=Contoso")).toEqual([
      'mail.contoso.com',
    ]);
    expect(certificateSubjectNames(undefined)).toEqual([]);
  });
  it('a certificate wildcard covers one label; a connector wildcard covers the domain and all subdomains', () => {
    expect(certificateNameMatches('mail.contoso.com', '*.contoso.com')).toBe(true);
    expect(certificateNameMatches('a.b.contoso.com', '*.contoso.com')).toBe(false);
    expect(certificateNameMatches('contoso.com', '*.contoso.com')).toBe(false);
    expect(certificateNameMatches('*.contoso.com', 'a.b.contoso.com')).toBe(true);
    expect(certificateNameMatches('mail.contoso.com', 'mail.fabrikam.com')).toBe(false);
  });
});
