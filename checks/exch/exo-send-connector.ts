import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { pickAttribute } from './onprem-helpers.ts';

/*
 * AD storage of the send-connector properties (class msExchRoutingSMTPConnector):
 * - SmartHosts in msExchSmtpSmartHost, AddressSpaces in routingList, TlsCertificateName in
 *   msExchSmtpTLSCertificate, TlsDomain in msExchSmtpSendTlsDomain (the attribute list Exchange
 *   replicates to Edge servers names them);
 * - CloudServicesMailEnabled is bit 0x20000 of msExchSmtpSendFlags: Microsoft KB 3212872 fixes a
 *   connector by changing msExchSmtpSendFlags from 64 to 131136 (= 64 + 131072);
 * - TlsAuthLevel lives in bits 4–11 of the same flags (1 EncryptionOnly, 2 CertificateValidation,
 *   4 DomainValidation); only DomainValidation (64) is corroborated by that KB, so the decoding is
 *   treated as inferred: a value it cannot confirm is `info`, never a warn by itself.
 * The names earlier versions guessed (msExchSmtpTLSCertificateName, msExchSmtpTLSDomain,
 * msExchCloudServicesMailEnabled, msExchSmtpTLSAuthLevel) stay as fallbacks; every name is configurable.
 */
const CLOUD_SERVICES_MAIL_ENABLED = 0x20000;
const TLS_AUTH_LEVELS: Record<number, string> = {
  1: 'EncryptionOnly',
  2: 'CertificateValidation',
  4: 'DomainValidation',
};

const options = z.strictObject({
  smartHostAttributes: z.array(z.string()).default(['msExchSmtpSmartHost']),
  addressSpaceAttributes: z.array(z.string()).default(['routingList', 'msExchSmtpSendAddressSpaces']),
  tlsCertificateNameAttributes: z
    .array(z.string())
    .default(['msExchSmtpTLSCertificate', 'msExchSmtpTLSCertificateName']),
  sendFlagsAttributes: z.array(z.string()).default(['msExchSmtpSendFlags']),
  cloudServicesMailEnabledAttributes: z.array(z.string()).default(['msExchCloudServicesMailEnabled']),
  tlsAuthLevelAttributes: z.array(z.string()).default(['msExchSmtpTLSAuthLevel']),
  tlsDomainAttributes: z.array(z.string()).default(['msExchSmtpSendTlsDomain', 'msExchSmtpTLSDomain']),
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
      /** What could not be read with confidence: reported as info with what was looked for. */
      const unsure: string[] = [];
      const first = (names: string[]) => pickAttribute(c.attributes, names)?.values[0];
      const cert = first(o.tlsCertificateNameAttributes);
      const domain = first(o.tlsDomainAttributes);
      const flagsText = first(o.sendFlagsAttributes);
      const flags =
        flagsText !== undefined && /^-?\d+$/.test(flagsText.trim()) ? Number(flagsText) : undefined;
      const explicitCloud = first(o.cloudServicesMailEnabledAttributes);
      const cloud =
        explicitCloud !== undefined
          ? /^(true|1)$/i.test(explicitCloud)
          : flags !== undefined
            ? (flags & CLOUD_SERVICES_MAIL_ENABLED) !== 0
            : undefined;
      const explicitLevel = first(o.tlsAuthLevelAttributes);
      const decodedLevel = flags !== undefined ? TLS_AUTH_LEVELS[(flags & 0xff0) >> 4] : undefined;
      const level = explicitLevel ?? decodedLevel;

      if (cert === undefined || !cert.trim())
        problems.push(`TlsCertificateName is not set (${o.tlsCertificateNameAttributes.join(', ')} empty)`);
      if (cloud === false) problems.push('CloudServicesMailEnabled is not true');
      if (cloud === undefined)
        unsure.push(
          `CloudServicesMailEnabled not read (looked for ${[...o.sendFlagsAttributes, ...o.cloudServicesMailEnabledAttributes].join(', ')})`,
        );
      if (domain === undefined)
        problems.push(`TlsDomain is not set (${o.tlsDomainAttributes.join(', ')} empty)`);
      else if (domain.toLowerCase() !== 'mail.protection.outlook.com')
        problems.push(`TlsDomain is ${domain}, not mail.protection.outlook.com`);
      if (explicitLevel !== undefined && !/^(CertificateValidation|DomainValidation)$/i.test(explicitLevel))
        problems.push(`TlsAuthLevel is ${explicitLevel}, not CertificateValidation/DomainValidation`);
      else if (
        explicitLevel === undefined &&
        decodedLevel !== 'DomainValidation' &&
        decodedLevel !== 'CertificateValidation'
      )
        unsure.push(
          `TlsAuthLevel ${decodedLevel ? `looks like ${decodedLevel}` : 'not read'} (bits 4–11 of ${o.sendFlagsAttributes.join(', ')}${flags !== undefined ? ` = ${flags}` : ' absent'}; the encoding is inferred): check Get-SendConnector | fl TlsAuthLevel`,
        );
      const evidence = {
        dn: c.dn,
        smartHosts,
        addressSpaces: spaces,
        tlsCertificateName: cert,
        cloudServicesMailEnabled: cloud,
        tlsAuthLevel: level,
        ...(decodedLevel && !explicitLevel
          ? { tlsAuthLevelSource: 'decoded from msExchSmtpSendFlags (inferred)' }
          : {}),
        ...(flags !== undefined ? { sendFlags: flags } : {}),
        tlsDomain: domain,
      };
      findings.push(
        problems.length
          ? { target: c.name, status: 'warn', message: [...problems, ...unsure].join('; '), evidence }
          : unsure.length
            ? {
                target: c.name,
                status: 'info',
                message: `TLS certificate and domain correct; ${unsure.join('; ')}`,
                evidence,
              }
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
