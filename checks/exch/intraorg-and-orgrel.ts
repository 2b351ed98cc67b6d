import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { allValues, coexistenceDomain } from './onprem-helpers.ts';

const options = z.strictObject({
  coexistenceDomain: z.string().optional(),
  /** One endpoint to require instead of the list below (kept for configs written before the list). */
  discoveryEndpoint: z.string().optional(),
  /**
   * Exchange Online Autodiscover endpoints a connector may name. Microsoft's OAuth article creates
   * the connector with the outlook.office365.com form; the Hybrid Configuration Wizard writes
   * autodiscover-s.outlook.com, which CSS-Exchange's FreeBusyChecker expects. Both are valid.
   */
  discoveryEndpoints: z
    .array(z.string())
    .default([
      'https://outlook.office365.com/autodiscover/autodiscover.svc',
      'https://autodiscover-s.outlook.com/autodiscover/autodiscover.svc',
    ]),
});

export default defineCheck({
  id: 'exch.intraorg-and-orgrel',
  area: 'exch',
  severity: 'warn',
  targetKind: 'connector',
  title: 'IntraOrganizationConnector to Exchange Online',
  failureTitle: 'No IntraOrganizationConnector to Exchange Online',
  description:
    'Modern (OAuth) hybrid free/busy uses an IntraOrganizationConnector pointing at the Exchange Online Autodiscover endpoint for the tenant routing domain; classic hybrid uses an organization relationship. The HCW creates both.',
  remediation: {
    text: 'Re-run the HCW, or create the intra-organization connector to Exchange Online.',
    powershell: [
      'New-IntraOrganizationConnector -Name ExchangeHybridOnPremisesToOnline -DiscoveryEndpoint https://outlook.office365.com/autodiscover/autodiscover.svc -TargetAddressDomains <tenant>.mail.onmicrosoft.com',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help',
  ],
  requires: ['ldap.intraOrgConnectors', 'ldap.orgRelationships'],
  optional: ['ldap.acceptedDomains'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const coex = coexistenceDomain(opts.coexistenceDomain, settings, artifacts['ldap.acceptedDomains']);
    const endpoints = (opts.discoveryEndpoint ? [opts.discoveryEndpoint] : opts.discoveryEndpoints).map((e) =>
      e.toLowerCase().replace(/\/+$/, ''),
    );
    const findings: Finding[] = [];
    const iocs = artifacts['ldap.intraOrgConnectors'];
    const note =
      'Attribute names are unconfirmed: the connector is matched by value across all its attributes.';
    for (const c of iocs) {
      const values = allValues(c.attributes).map((v) => v.toLowerCase());
      const toExo = values.some((v) => endpoints.some((e) => v.includes(e)));
      const forCoex = coex ? values.some((v) => v.split(/[\s,;]+/).includes(coex)) : true;
      const disabled = Object.entries(c.attributes).some(
        ([k, v]) => /enabled/i.test(k) && v.some((x) => /^false$/i.test(x)),
      );
      const evidence = { dn: c.dn, attributes: c.attributes, note };
      if (toExo && forCoex && !disabled)
        findings.push({
          target: c.name,
          status: 'pass',
          message: `Points to Exchange Online for ${coex ?? 'the tenant'}`,
          evidence,
        });
      else
        findings.push({
          target: c.name,
          status: toExo ? 'warn' : 'info',
          message: disabled
            ? 'Connector is disabled'
            : toExo
              ? `Connector does not target ${coex}`
              : 'Connector does not point to Exchange Online',
          evidence,
        });
    }
    if (!findings.some((f) => f.status === 'pass'))
      findings.push({
        target: 'IntraOrganizationConnector',
        status: 'warn',
        message: iocs.length
          ? 'No enabled connector to Exchange Online for the tenant routing domain'
          : 'No IntraOrganizationConnector found',
        evidence: { note },
      });
    for (const r of artifacts['ldap.orgRelationships'])
      findings.push({
        target: r.name,
        status: 'info',
        message: 'Organization relationship (federated sharing)',
        evidence: { dn: r.dn, attributes: r.attributes },
      });
    return findings;
  },
});
