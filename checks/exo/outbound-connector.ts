import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import type { ExoOutboundConnector } from '../../src/evidence/exo.ts';
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
  /**
   * The on-premises host(s) the connector must deliver to. Default: the HybridConfiguration's
   * OnPremisesSmartHost, else the subject name of the on-premises hybrid certificate.
   */
  smartHosts: z.array(z.string()).default([]),
  /**
   * Status of a connector that routes by MX (UseMXRecord True) instead of smart hosts. The HCW
   * always sets smart hosts; MX routing works only while the MX points on-premises (with the MX
   * at Exchange Online it loops), so this is a warning, `fail` or `info` by choice.
   */
  useMxRecord: z.enum(['fail', 'warn', 'info']).default('warn'),
});

const isOnPremises = (c: ExoOutboundConnector) => /^onpremises$/i.test(c.connectorType.trim());
const byHcw = (c: ExoOutboundConnector) => /^hybridwizard$/i.test(c.connectorSource?.trim() ?? '');

/** Whether a RecipientDomains entry routes mail for `domain` (`*` all; `*.x` the subdomains of x). */
function routes(entry: string, domain: string): boolean {
  const e = entry.trim().toLowerCase();
  if (e === '*') return true;
  if (e.startsWith('*.')) return domain.endsWith(e.slice(1));
  return e === domain;
}

export default defineCheck({
  id: 'exo.outbound-connector',
  area: 'exo',
  severity: 'fail',
  targetKind: 'connector',
  title:
    'Exchange Online outbound connector to on-premises delivers to the hybrid host with certificate validation',
  failureTitle: 'Exchange Online outbound connector to on-premises is missing, disabled or insecure',
  description:
    'Mail from Exchange Online to on-premises mailboxes (and journal reports of on-premises recipients) leaves through the outbound connector of type OnPremises the Hybrid Configuration Wizard creates. It must be enabled, deliver to the on-premises hybrid host (smart hosts) with TLS that validates the certificate (CertificateValidation or DomainValidation; EncryptionOnly or none accepts any certificate), and route every on-premises domain of the hybrid.',
  remediation: {
    text: 'Re-run the Hybrid Configuration Wizard, or correct the connector in Exchange Online PowerShell.',
    powershell: [
      'Get-OutboundConnector | Format-List Name,Enabled,ConnectorType,ConnectorSource,RecipientDomains,SmartHosts,UseMXRecord,TlsSettings,TlsDomain,CloudServicesMailEnabled,IsTransportRuleScoped,AllAcceptedDomains',
      'Set-OutboundConnector "<Outbound to …>" -Enabled $true -UseMXRecord $false -SmartHosts <on-premises hybrid host> -TlsSettings DomainValidation -TlsDomain <name on the on-premises certificate> -RecipientDomains <on-premises domains> -CloudServicesMailEnabled $true',
    ],
  },
  docs: [
    'https://learn.microsoft.com/powershell/module/exchange/set-outboundconnector',
    'https://learn.microsoft.com/powershell/module/exchange/new-outboundconnector',
    CONNECTORS_DOC,
  ],
  requires: ['exo.outboundConnectors'],
  optional: ['ldap.hybridConfiguration', 'ldap.sendConnectors', 'ldap.acceptedDomains'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const outbound = artifacts['exo.outboundConnectors'];
    const base = originEvidence(outbound);
    const src = originText(outbound);
    const hybrid = artifacts['ldap.hybridConfiguration'];
    const send = onPremSendConnectorsToExo(artifacts['ldap.sendConnectors']);
    const certNames = certificateSubjectNames(
      hybrid?.tlsCertificateName ?? send.find((s) => s.tlsCertificateName)?.tlsCertificateName,
    );
    const expectedHosts = (
      opts.smartHosts.length
        ? opts.smartHosts
        : hybrid?.onPremisesSmartHost
          ? [hybrid.onPremisesSmartHost]
          : certNames.filter((n) => !n.startsWith('*.'))
    ).map((h) => h.trim().toLowerCase());
    const hostsFrom = opts.smartHosts.length
      ? 'options.smartHosts'
      : hybrid?.onPremisesSmartHost
        ? 'HybridConfiguration OnPremisesSmartHost'
        : 'the on-premises certificate';
    const { domains, from } = onPremHybridDomains(hybrid, artifacts['ldap.acceptedDomains'], settings);
    const onPrem = outbound.items.filter(isOnPremises);
    if (onPrem.length === 0)
      return [
        {
          target: 'outbound connectors',
          status: 'fail',
          message: `No outbound connector of type OnPremises among ${outbound.items.length} (${listText(outbound.items.map((c) => c.name))}): Exchange Online has no hybrid route to on-premises mailboxes [${src}]`,
          evidence: {
            ...base,
            connectors: outbound.items.map((c) => ({ name: c.name, connectorType: c.connectorType })),
          },
        },
      ];
    const judged = onPrem.some(byHcw) ? onPrem.filter(byHcw) : onPrem;
    const findings: Finding[] = onPrem
      .filter((c) => !judged.includes(c))
      .map((c) => ({
        target: c.name,
        status: 'info' as const,
        message: `Another OnPremises outbound connector (ConnectorSource ${c.connectorSource ?? 'not set'}, Enabled ${c.enabled}) besides the Hybrid Configuration Wizard's`,
        evidence: { ...base, ...connectorEvidence(c) },
      }));
    for (const c of judged) {
      const problems: { status: FindingStatus; text: string }[] = [];
      const notes: string[] = [];
      const add = (status: FindingStatus, text: string) => problems.push({ status, text });
      const hosts = (c.smartHosts ?? []).map((h) => h.trim().toLowerCase());
      if (!c.enabled) add('fail', 'the connector is disabled');
      if (c.useMxRecord)
        add(opts.useMxRecord, 'UseMXRecord is True: it routes by MX, not to the on-premises smart host');
      else if (hosts.length === 0) add('fail', 'no SmartHosts and UseMXRecord False: nowhere to deliver');
      else if (expectedHosts.length && !hosts.some((h) => expectedHosts.includes(h)))
        add(
          'warn',
          `SmartHosts ${hosts.join(', ')} is not the on-premises hybrid host ${expectedHosts.join(', ')} (${hostsFrom})`,
        );
      const tls = c.tlsSettings?.trim();
      if (!tls || /^encryptiononly$/i.test(tls))
        add(
          'fail',
          `TlsSettings ${tls || 'not set'}: no certificate validation, any certificate (or none) is accepted`,
        );
      else if (/^domainvalidation$/i.test(tls) && c.tlsDomain && certNames.length)
        if (!certNames.some((n) => certificateNameMatches(c.tlsDomain!, n)))
          add(
            'warn',
            `TlsDomain ${c.tlsDomain} matches no name of the on-premises certificate (subject CN ${listText(certNames)}; a SAN is not visible in AD)`,
          );
      if (c.isTransportRuleScoped) notes.push('scoped by transport rule: RecipientDomains do not select it');
      else if (c.allAcceptedDomains) notes.push('AllAcceptedDomains: routes every accepted domain');
      else {
        const missing = domains.filter((d) => !(c.recipientDomains ?? []).some((e) => routes(e, d)));
        if (missing.length)
          add(
            'fail',
            `RecipientDomains ${listText(c.recipientDomains ?? [])} miss the on-premises domain(s) ${missing.join(', ')} (${from})`,
          );
      }
      if (c.cloudServicesMailEnabled === false)
        add('warn', 'CloudServicesMailEnabled is False: cross-premises headers are not kept');
      const worst: FindingStatus = problems.some((p) => p.status === 'fail')
        ? 'fail'
        : problems.some((p) => p.status === 'warn')
          ? 'warn'
          : problems.length
            ? 'info'
            : 'pass';
      const noteText = notes.length ? ` (${notes.join('; ')})` : '';
      findings.push({
        target: c.name,
        status: worst,
        message: problems.length
          ? `${problems.map((p) => p.text).join('; ')}${noteText} [${src}]`
          : `Enabled, delivers to ${hosts.join(', ')} with TlsSettings ${tls}, routes ${c.allAcceptedDomains || c.isTransportRuleScoped ? 'as scoped' : listText(domains)}${noteText} [${src}]`,
        evidence: {
          ...base,
          ...connectorEvidence(c),
          expectedSmartHosts: expectedHosts,
          onPremDomains: domains,
          onPremDomainsFrom: from,
          onPremCertificateNames: certNames,
        },
      });
    }
    return findings;
  },
});

function connectorEvidence(c: ExoOutboundConnector): Record<string, unknown> {
  return {
    name: c.name,
    enabled: c.enabled,
    connectorType: c.connectorType,
    connectorSource: c.connectorSource ?? null,
    recipientDomains: c.recipientDomains ?? [],
    smartHosts: c.smartHosts ?? [],
    useMxRecord: c.useMxRecord ?? null,
    tlsSettings: c.tlsSettings ?? null,
    tlsDomain: c.tlsDomain ?? null,
    cloudServicesMailEnabled: c.cloudServicesMailEnabled ?? null,
    isTransportRuleScoped: c.isTransportRuleScoped ?? null,
    allAcceptedDomains: c.allAcceptedDomains ?? null,
  };
}
