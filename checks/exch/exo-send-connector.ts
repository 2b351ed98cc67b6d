import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { pickAttribute } from './onprem-helpers.ts';

// The AD names of send-connector properties are unconfirmed: every one is configurable.
const options = z.strictObject({
  smartHostAttributes: z.array(z.string()).default(['msExchSmtpSmartHost']),
  addressSpaceAttributes: z.array(z.string()).default(['routingList', 'msExchSmtpSendAddressSpaces']),
  tlsCertificateNameAttributes: z.array(z.string()).default(['msExchSmtpTLSCertificateName']),
  cloudServicesMailEnabledAttributes: z.array(z.string()).default(['msExchCloudServicesMailEnabled']),
  tlsAuthLevelAttributes: z.array(z.string()).default(['msExchSmtpTLSAuthLevel']),
  tlsDomainAttributes: z.array(z.string()).default(['msExchSmtpTLSDomain']),
});

export default defineCheck({
  id: 'exch.exo-send-connector',
  area: 'exch',
  severity: 'warn',
  targetKind: 'connector',
  title: 'Send connector to Exchange Online uses TLS with a certificate and cloud flags',
  failureTitle: 'Send connector to Exchange Online is missing or not secured',
  description:
    'On-premises mail to cloud mailboxes leaves through the HCW send connector. Without a TLS certificate name, CloudServicesMailEnabled and TLS authentication against mail.protection.outlook.com, Exchange Online treats it as anonymous Internet mail (journal and header stamping break).',
  remediation: {
    text: 'Re-run the HCW, or correct the send connector to Exchange Online.',
    powershell: [
      'Set-SendConnector "Outbound to Office 365 - <guid>" -TlsCertificateName "<I>issuer<S>subject" -CloudServicesMailEnabled $true -TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com',
    ],
  },
  docs: [
    'https://github.com/microsoft/CSS-Exchange/blob/main/docs/Diagnostics/HealthChecker/ExoConnectorCheck.md',
  ],
  requires: ['ldap.sendConnectors'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, options: o }) {
    const connectors = artifacts['ldap.sendConnectors'];
    const findings: Finding[] = [];
    let exoBound = 0;
    for (const c of connectors) {
      const smartHosts = pickAttribute(c.attributes, o.smartHostAttributes)?.values ?? [];
      const spaces = pickAttribute(c.attributes, o.addressSpaceAttributes)?.values ?? [];
      const toExo =
        smartHosts.some((h) => /\.mail\.protection\.outlook\.com$/i.test(h.trim())) ||
        spaces.some((s) => /\.mail\.onmicrosoft\.com/i.test(s));
      if (!toExo) continue;
      exoBound++;
      const problems: string[] = [];
      const read = (names: string[], label: string) => {
        const hit = pickAttribute(c.attributes, names);
        if (!hit)
          problems.push(
            `${label} not found (looked for ${names.join(', ')}; AD names unconfirmed, set checks.exch.exo-send-connector.options)`,
          );
        return hit?.values[0];
      };
      const cert = read(o.tlsCertificateNameAttributes, 'TlsCertificateName');
      const cloud = read(o.cloudServicesMailEnabledAttributes, 'CloudServicesMailEnabled');
      const level = read(o.tlsAuthLevelAttributes, 'TlsAuthLevel');
      const domain = read(o.tlsDomainAttributes, 'TlsDomain');
      if (cloud !== undefined && !/^(true|1)$/i.test(cloud))
        problems.push('CloudServicesMailEnabled is not true');
      if (level !== undefined && !/^(CertificateValidation|DomainValidation|Certificate)$/i.test(level))
        problems.push(`TlsAuthLevel is ${level}, not CertificateValidation/DomainValidation`);
      if (domain !== undefined && domain.toLowerCase() !== 'mail.protection.outlook.com')
        problems.push(`TlsDomain is ${domain}, not mail.protection.outlook.com`);
      if (cert !== undefined && !cert.trim()) problems.push('TlsCertificateName is empty');
      const evidence = {
        dn: c.dn,
        smartHosts,
        addressSpaces: spaces,
        tlsCertificateName: cert,
        cloudServicesMailEnabled: cloud,
        tlsAuthLevel: level,
        tlsDomain: domain,
      };
      findings.push(
        problems.length
          ? { target: c.name, status: 'warn', message: problems.join('; '), evidence }
          : {
              target: c.name,
              status: 'pass',
              message: 'TLS with a certificate to mail.protection.outlook.com, cloud mail enabled',
              evidence,
            },
      );
    }
    if (exoBound === 0)
      findings.push({
        target: 'send connectors',
        status: 'warn',
        message: `No send connector to Exchange Online (smart host *.mail.protection.outlook.com or address space *.mail.onmicrosoft.com) among ${connectors.length}`,
        evidence: { connectors: connectors.map((c) => c.name) },
      });
    return findings;
  },
});
