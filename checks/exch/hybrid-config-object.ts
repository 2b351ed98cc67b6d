import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'exch.hybrid-config-object',
  area: 'exch',
  severity: 'fail',
  targetKind: 'object',
  title: 'Hybrid Configuration Wizard ran (HybridConfiguration object present)',
  failureTitle: 'No HybridConfiguration object: the hybrid was not set up by the HCW',
  description:
    'MailStore supports only Microsoft best-practice hybrids, which the Hybrid Configuration Wizard sets up and records in the HybridConfiguration object (msExchCoexistenceRelationship). It must target the worldwide Microsoft 365 service.',
  remediation:
    'Run the Hybrid Configuration Wizard (https://aka.ms/HybridWizard) from an Exchange server and choose the Office 365 Worldwide instance.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-configuration-wizard',
    'https://github.com/microsoft/CSS-Exchange/blob/main/Diagnostics/HealthChecker/Analyzer/Invoke-AnalyzerHybridInformation.ps1',
  ],
  requires: ['ldap.hybridConfiguration'],
  confidence: 'decompiled',
  run({ artifacts }) {
    const hc = artifacts['ldap.hybridConfiguration'];
    if (!hc)
      return [
        {
          target: 'CN=Hybrid Configuration',
          status: 'fail',
          message: 'CN=Hybrid Configuration does not exist under the Exchange organisation',
        },
      ];
    const evidence = {
      dn: hc.dn,
      domains: hc.domains,
      features: hc.features,
      serviceInstance: hc.serviceInstance,
      onPremisesSmartHost: hc.onPremisesSmartHost,
      sendingTransportServers: hc.sendingTransportServers,
      receivingTransportServers: hc.receivingTransportServers,
      edgeTransportServers: hc.edgeTransportServers,
    };
    const findings: Finding[] = [];
    if (hc.serviceInstance !== undefined && hc.serviceInstance !== 0)
      findings.push({
        target: hc.dn,
        status: 'fail',
        message: `Hybrid targets service instance ${hc.serviceInstance}${hc.serviceInstance === 1 ? ' (Office 365 operated by 21Vianet)' : ''}, not the worldwide cloud`,
        evidence,
      });
    if (
      hc.edgeTransportServers.length > 0 &&
      (hc.sendingTransportServers.length > 0 || hc.receivingTransportServers.length > 0)
    )
      findings.push({
        target: hc.dn,
        status: 'warn',
        message:
          'Edge Transport servers are set together with sending/receiving Mailbox servers; use one or the other',
        evidence,
      });
    if (findings.length) return findings;
    return [
      {
        target: hc.dn,
        status: 'pass',
        message: `HybridConfiguration present for ${hc.domains.join(', ') || '(no domains)'}${hc.serviceInstance === undefined ? '; msExchManagementSettings is absent, so the service instance is assumed worldwide (attribute name decompiled)' : ''}`,
        evidence,
      },
    ];
  },
});
