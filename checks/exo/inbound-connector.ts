import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import type { ExoInboundConnector } from '../../src/evidence/exo.ts';
import {
  CONNECTORS_DOC,
  certificateNameMatches,
  certificateSubjectNames,
  listText,
  onPremHybridDomains,
  onPremSendConnectorsToExo,
  originEvidence,
  originText,
} from './common.ts';

const options = z.strictObject({
  /** Status of a connector that identifies on-premises by sender IP addresses only (no certificate). */
  ipOnly: z.enum(['warn', 'info']).default('warn'),
  /**
   * Status when TlsSenderCertificateName matches no subject CN of the on-premises send connector's
   * certificate. AD stores only issuer and subject, not the SANs, so a mismatch may still be a SAN:
   * a warning by default; `fail` when you know the certificate has no other names.
   */
  certificateMismatch: z.enum(['fail', 'warn']).default('warn'),
  /** Whether RestrictDomainsToCertificate False is a warning (Microsoft: optional hardening). */
  requireRestrictDomainsToCertificate: z.boolean().default(false),
});

const isOnPremises = (c: ExoInboundConnector) => /^onpremises$/i.test(c.connectorType.trim());
const byHcw = (c: { connectorSource?: string }) => /^hybridwizard$/i.test(c.connectorSource?.trim() ?? '');

export default defineCheck({
  id: 'exo.inbound-connector',
  area: 'exo',
  severity: 'fail',
  targetKind: 'connector',
  title: 'Exchange Online inbound connector from on-premises identifies the on-premises servers',
  failureTitle:
    'Exchange Online inbound connector from on-premises is missing, disabled or does not match on-premises',
  description:
    'Mail from on-premises Exchange reaches Exchange Online through the inbound connector of type OnPremises the Hybrid Configuration Wizard creates. It must be enabled and recognise the on-premises servers, by the TLS certificate they present (TlsSenderCertificateName with RequireTls) or by their IP addresses; otherwise on-premises mail is handled as anonymous Internet mail, loses its cross-premises headers, and journaling and archiving of it become unreliable. The certificate name must be the one the on-premises send connector to Exchange Online presents.',
  remediation: {
    text: 'Re-run the Hybrid Configuration Wizard, or correct the connector in Exchange Online PowerShell: enable it, require TLS and name the certificate the on-premises send connector ("Outbound to Office 365") presents.',
    powershell: [
      'Get-InboundConnector | Format-List Name,Enabled,ConnectorType,ConnectorSource,RequireTls,TlsSenderCertificateName,RestrictDomainsToCertificate,SenderIPAddresses,CloudServicesMailEnabled',
      'Set-InboundConnector "<Inbound from …>" -Enabled $true -RequireTls $true -TlsSenderCertificateName <name on the on-premises certificate> -RestrictDomainsToCertificate $true -CloudServicesMailEnabled $true',
      'New-InboundConnector -Name "Inbound from on-premises" -ConnectorType OnPremises -SenderDomains * -RequireTls $true -TlsSenderCertificateName <name on the on-premises certificate> -CloudServicesMailEnabled $true',
    ],
  },
  docs: [
    'https://learn.microsoft.com/powershell/module/exchange/set-inboundconnector',
    'https://learn.microsoft.com/powershell/module/exchange/new-inboundconnector',
    CONNECTORS_DOC,
  ],
  requires: ['exo.inboundConnectors'],
  optional: ['ldap.sendConnectors', 'ldap.hybridConfiguration', 'ldap.acceptedDomains'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const inbound = artifacts['exo.inboundConnectors'];
    const base = originEvidence(inbound);
    const src = originText(inbound);
    const onPrem = inbound.items.filter(isOnPremises);
    const sendConnectors = onPremSendConnectorsToExo(artifacts['ldap.sendConnectors']);
    const hybrid = artifacts['ldap.hybridConfiguration'];
    // The certificate on-premises presents to Exchange Online: the send connector's, else the HCW's.
    const certSource =
      sendConnectors.find((c) => c.tlsCertificateName)?.tlsCertificateName ?? hybrid?.tlsCertificateName;
    const certNames = certificateSubjectNames(certSource);
    if (onPrem.length === 0)
      return [
        {
          target: 'inbound connectors',
          status: 'fail',
          message: `No inbound connector of type OnPremises among ${inbound.items.length} (${listText(inbound.items.map((c) => c.name))}): on-premises mail arrives as Internet mail [${src}]`,
          evidence: {
            ...base,
            connectors: inbound.items.map((c) => ({ name: c.name, connectorType: c.connectorType })),
          },
        },
      ];
    // The HCW's connector is the one that matters when there is one; others are listed.
    const judged = onPrem.some(byHcw) ? onPrem.filter(byHcw) : onPrem;
    const findings: Finding[] = [];
    for (const c of onPrem.filter((x) => !judged.includes(x)))
      findings.push({
        target: c.name,
        status: 'info',
        message: `Another OnPremises inbound connector (ConnectorSource ${c.connectorSource ?? 'not set'}, Enabled ${c.enabled}) besides the Hybrid Configuration Wizard's`,
        evidence: { ...base, ...connectorEvidence(c) },
      });
    for (const c of judged) {
      const problems: { status: FindingStatus; text: string }[] = [];
      const add = (status: FindingStatus, text: string) => problems.push({ status, text });
      const name = c.tlsSenderCertificateName?.trim();
      const ips = c.senderIPAddresses ?? [];
      if (!c.enabled) add('fail', 'the connector is disabled');
      if (name) {
        if (c.requireTls === false)
          add(
            'fail',
            `TlsSenderCertificateName ${name} is set but RequireTls is False: the certificate is never required`,
          );
        if (c.restrictDomainsToCertificate === false && opts.requireRestrictDomainsToCertificate)
          add(
            'warn',
            'RestrictDomainsToCertificate is False: the certificate does not restrict the sender domains',
          );
        if (certNames.length && !certNames.some((n) => certificateNameMatches(name, n)))
          add(
            opts.certificateMismatch,
            `TlsSenderCertificateName ${name} matches no name of the certificate on-premises presents (subject CN ${listText(certNames)}; a SAN is not visible in AD)`,
          );
      } else if (ips.length)
        add(opts.ipOnly, `identified by sender IP addresses only (${ips.join(', ')}), not by certificate`);
      else
        add(
          'fail',
          'identifies on-premises neither by certificate (TlsSenderCertificateName) nor by sender IP addresses',
        );
      if (c.cloudServicesMailEnabled === false)
        add('warn', 'CloudServicesMailEnabled is False: cross-premises headers are not kept');
      const evidence = {
        ...base,
        ...connectorEvidence(c),
        ...(sendConnectors.length
          ? {
              onPremSendConnectors: sendConnectors.map((s) => ({
                name: s.name,
                tlsCertificateName: s.tlsCertificateName ?? null,
                smartHosts: s.smartHosts,
              })),
            }
          : {}),
        ...(hybrid?.tlsCertificateName ? { hybridTlsCertificateName: hybrid.tlsCertificateName } : {}),
        onPremCertificateNames: certNames,
      };
      const worst: FindingStatus = problems.some((p) => p.status === 'fail')
        ? 'fail'
        : problems.some((p) => p.status === 'warn')
          ? 'warn'
          : problems.length
            ? 'info'
            : 'pass';
      const how = name ? `by certificate ${name}` : `by IP ${ips.join(', ')}`;
      findings.push({
        target: c.name,
        status: worst,
        message: problems.length
          ? `${problems.map((p) => p.text).join('; ')} [${src}]`
          : `Enabled, identifies on-premises ${how}${name && certNames.length ? ` (on-premises presents ${listText(certNames)})` : ''}${name && !certNames.length ? ' (the on-premises certificate was not read: ldap.sendConnectors)' : ''} [${src}]`,
        evidence,
      });
    }
    // The on-premises end: the send connector must point at this tenant.
    if (artifacts['ldap.sendConnectors']) {
      const { domains } = onPremHybridDomains(hybrid, artifacts['ldap.acceptedDomains'], settings);
      const prefixes = new Set([
        ...(settings.tenant?.match(/^([a-z0-9-]+)\.onmicrosoft\.com$/i)
          ? [settings.tenant.split('.')[0]!.toLowerCase()]
          : []),
        ...domains.map((d) => d.replace(/\./g, '-')),
      ]);
      if (sendConnectors.length === 0)
        findings.push({
          target: 'on-premises send connector',
          status: 'warn',
          message:
            'No on-premises send connector to Exchange Online (smart host *.mail.protection.outlook.com): nothing uses this inbound connector (see exch.exo-send-connector)',
          evidence: base,
        });
      for (const s of sendConnectors) {
        const hosts = s.smartHosts.filter((h) => /\.mail\.protection\.outlook\.com$/i.test(h.trim()));
        const foreign = prefixes.size
          ? hosts.filter(
              (h) =>
                !prefixes.has(
                  h
                    .trim()
                    .toLowerCase()
                    .replace(/\.mail\.protection\.outlook\.com$/, ''),
                ),
            )
          : [];
        if (foreign.length)
          findings.push({
            target: s.name,
            status: 'warn',
            message: `The on-premises send connector's smart host ${foreign.join(', ')} is not this tenant's (expected ${[...prefixes].map((p) => `${p}.mail.protection.outlook.com`).join(' or ')})`,
            evidence: { dn: s.dn, smartHosts: s.smartHosts },
          });
      }
    }
    return findings;
  },
});

function connectorEvidence(c: ExoInboundConnector): Record<string, unknown> {
  return {
    name: c.name,
    enabled: c.enabled,
    connectorType: c.connectorType,
    connectorSource: c.connectorSource ?? null,
    requireTls: c.requireTls ?? null,
    tlsSenderCertificateName: c.tlsSenderCertificateName ?? null,
    restrictDomainsToCertificate: c.restrictDomainsToCertificate ?? null,
    senderIPAddresses: c.senderIPAddresses ?? [],
    senderDomains: c.senderDomains ?? [],
    cloudServicesMailEnabled: c.cloudServicesMailEnabled ?? null,
  };
}
