import { describe, expect, it } from 'vitest';
import check from '../../../checks/exo/outbound-connector.ts';
import type { ExoOutboundConnector } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { HCW_OUTBOUND, ldapArtifacts, live, SETTINGS } from './fixtures.ts';

// Rules: New-/Set-OutboundConnector (https://learn.microsoft.com/powershell/module/exchange/new-outboundconnector):
// ConnectorType OnPremises; SmartHosts "required if you set UseMxRecord to $false"; TlsSettings
// "EncryptionOnly: TLS is used only to encrypt the communication channel. No certificate authentication
// is performed", CertificateValidation/DomainValidation validate the certificate, $null (blank) is the
// default; RecipientDomains "the domain that the Outbound connector routes mail to". The on-prem host
// and domains: HybridConfiguration OnPremisesSmartHost/Domains (New-HybridConfiguration, Microsoft Learn).
const run = (items: ExoOutboundConnector[], options?: Record<string, unknown>) => {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.outboundConnectors': live('Get-OutboundConnector', items),
      'ldap.hybridConfiguration': a['ldap.hybridConfiguration'],
      'ldap.sendConnectors': a['ldap.sendConnectors'],
      'ldap.acceptedDomains': a['ldap.acceptedDomains'],
    },
    settings: SETTINGS,
    ...(options ? { setting: { options } } : {}),
  });
};

describe('exo.outbound-connector', () => {
  it('passes for the HCW connector to mail.contoso.com with DomainValidation for contoso.com', () => {
    const r = run([HCW_OUTBOUND]);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(
      /delivers to mail.contoso.com with TlsSettings DomainValidation, routes contoso.com/,
    );
  });
  it('fails without certificate validation (EncryptionOnly or not set)', () => {
    for (const tlsSettings of ['EncryptionOnly', null]) {
      const r = run([{ ...HCW_OUTBOUND, tlsSettings }]);
      expect(r.status).toBe('fail');
      expect(r.findings[0]?.message).toMatch(/no certificate validation/);
    }
  });
  it('fails when a hybrid domain is missing from RecipientDomains, and when disabled', () => {
    const r = run([{ ...HCW_OUTBOUND, recipientDomains: ['fabrikam.com'] }]);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(
      /miss the on-premises domain\(s\) contoso.com \(HybridConfiguration Domains\)/,
    );
    expect(run([{ ...HCW_OUTBOUND, enabled: false }]).status).toBe('fail');
  });
  it('fails with no OnPremises connector at all', () => {
    const r = run([{ ...HCW_OUTBOUND, connectorType: 'Partner' }]);
    expect(r.findings[0]?.message).toMatch(/No outbound connector of type OnPremises/);
  });
  it('edge: UseMXRecord is a warning by default, configurable', () => {
    const mx = { ...HCW_OUTBOUND, useMxRecord: true, smartHosts: [] };
    expect(run([mx]).status).toBe('warn');
    expect(run([mx], { useMxRecord: 'fail' }).status).toBe('fail');
  });
  it('edge: a smart host other than the hybrid host warns; AllAcceptedDomains and * cover the domains', () => {
    const r = run([{ ...HCW_OUTBOUND, smartHosts: ['relay.contoso.com'] }]);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /not the on-premises hybrid host mail.contoso.com \(HybridConfiguration OnPremisesSmartHost\)/,
    );
    expect(run([{ ...HCW_OUTBOUND, recipientDomains: [], allAcceptedDomains: true }]).status).toBe('pass');
    expect(run([{ ...HCW_OUTBOUND, recipientDomains: ['*'] }]).status).toBe('pass');
  });
  it('edge: TlsDomain that does not match the on-premises certificate warns', () => {
    const r = run([{ ...HCW_OUTBOUND, tlsDomain: 'smtp.fabrikam.com' }]);
    expect(r.status).toBe('warn');
  });
});
