import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { ExoIntraOrgConnector } from '../../src/evidence/exo.ts';
import {
  hostOf,
  isMicrosoftHost,
  listText,
  onPremSharingTarget,
  originEvidence,
  originText,
} from './common.ts';

const options = z.strictObject({
  /** Extra on-premises Autodiscover hosts the connector may name (e.g. a load balancer name). */
  autodiscoverHosts: z.array(z.string()).default([]),
});

export default defineCheck({
  id: 'exo.intraorg-connector',
  area: 'exo',
  severity: 'warn',
  targetKind: 'connector',
  title: 'Exchange Online IntraOrganizationConnector to on-premises',
  failureTitle: 'Exchange Online IntraOrganizationConnector to on-premises is missing or points elsewhere',
  description:
    'Modern (OAuth) hybrid free/busy from the cloud side uses the IntraOrganizationConnector in Exchange Online: enabled, TargetAddressDomains = the on-premises domains, DiscoveryEndpoint = the on-premises https://<autodiscover host>/autodiscover/autodiscover.svc. It is the cloud half of the connector exch.intraorg-and-orgrel reads on-premises (which points at Exchange Online for the coexistence domain).',
  remediation: {
    text: 'Re-run the Hybrid Configuration Wizard, or create/correct the connector in Exchange Online PowerShell.',
    powershell: [
      'Get-IntraOrganizationConnector | Format-List Name,Enabled,TargetAddressDomains,DiscoveryEndpoint',
      'New-IntraOrganizationConnector -Name ExchangeHybridOnlineToOnPremises -DiscoveryEndpoint https://autodiscover.<domain>/autodiscover/autodiscover.svc -TargetAddressDomains <on-premises domains>',
      'Set-IntraOrganizationConnector <name> -Enabled $true',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help',
    'https://learn.microsoft.com/powershell/module/exchange/new-intraorganizationconnector',
  ],
  requires: ['exo.intraOrgConnectors'],
  optional: ['ldap.hybridConfiguration', 'ldap.acceptedDomains', 'ldap.autodiscoverScps'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const list = artifacts['exo.intraOrgConnectors'];
    const base = originEvidence(list);
    const src = originText(list);
    const { domains, from, hosts, targetsOnPrem } = onPremSharingTarget(
      artifacts,
      opts.autodiscoverHosts,
      settings,
    );
    const toOnPrem = (c: ExoIntraOrgConnector) => targetsOnPrem(c.targetAddressDomains, c.discoveryEndpoint);
    const candidates = list.items.filter(toOnPrem);
    if (candidates.length === 0)
      return [
        {
          target: 'IntraOrganizationConnector',
          status: 'warn',
          message: `No IntraOrganizationConnector to on-premises (TargetAddressDomains ${listText(domains)}) among ${list.items.length}: OAuth free/busy from the cloud is not configured [${src}]`,
          evidence: {
            ...base,
            connectors: list.items.map((c) => ({
              name: c.name,
              targetAddressDomains: c.targetAddressDomains,
            })),
          },
        },
      ];
    return candidates.map((c): Finding => {
      const problems: string[] = [];
      if (!c.enabled) problems.push('the connector is disabled');
      const missing = domains.filter((d) => !c.targetAddressDomains.some((t) => t.toLowerCase() === d));
      if (missing.length) problems.push(`TargetAddressDomains lacks ${missing.join(', ')} (${from})`);
      const host = hostOf(c.discoveryEndpoint);
      let path = '';
      try {
        path = c.discoveryEndpoint ? new URL(c.discoveryEndpoint).pathname.replace(/\/+$/, '') : '';
      } catch {
        path = '';
      }
      if (!host) problems.push('DiscoveryEndpoint is not set');
      else if (isMicrosoftHost(host))
        problems.push(`DiscoveryEndpoint points at Microsoft (${host}), not on-premises`);
      else {
        if (!hosts.includes(host))
          problems.push(
            `DiscoveryEndpoint host ${host} is not an on-premises Autodiscover host (${listText(hosts)})`,
          );
        if (!/^\/autodiscover\/autodiscover\.svc$/i.test(path))
          problems.push(
            `DiscoveryEndpoint ${c.discoveryEndpoint} does not end in /autodiscover/autodiscover.svc`,
          );
      }
      return {
        target: c.name,
        status: problems.length ? 'warn' : 'pass',
        message: problems.length
          ? `${problems.join('; ')} [${src}]`
          : `Enabled for ${c.targetAddressDomains.join(', ')}, discovery at ${c.discoveryEndpoint} [${src}]`,
        evidence: {
          ...base,
          name: c.name,
          enabled: c.enabled,
          targetAddressDomains: c.targetAddressDomains,
          discoveryEndpoint: c.discoveryEndpoint ?? null,
          onPremDomains: domains,
          onPremAutodiscoverHosts: hosts,
        },
      };
    });
  },
});
