import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { ExoOrgRelationship } from '../../src/evidence/exo.ts';
import {
  hostOf,
  isMicrosoftHost,
  listText,
  onPremSharingTarget,
  originEvidence,
  originText,
} from './common.ts';

const options = z.strictObject({
  /** Whether FreeBusyAccessEnabled False is a warning (cloud users then see no on-premises free/busy). */
  requireFreeBusy: z.boolean().default(true),
  /** Extra on-premises Autodiscover hosts the relationship may name (e.g. a load balancer name). */
  autodiscoverHosts: z.array(z.string()).default([]),
});

export default defineCheck({
  id: 'exo.organization-relationship',
  area: 'exo',
  severity: 'warn',
  targetKind: 'connector',
  title: 'Exchange Online organization relationship to on-premises',
  failureTitle: 'Exchange Online organization relationship to on-premises is missing or points elsewhere',
  description:
    'Classic (DAuth) hybrid free/busy, MailTips and mailbox moves from the cloud side use the organization relationship the Hybrid Configuration Wizard creates in Exchange Online: enabled, with the on-premises domains in DomainNames and TargetAutodiscoverEpr (and TargetSharingEpr, when set) at the on-premises hosts. It is the cloud half of what exch.intraorg-and-orgrel reads on-premises.',
  remediation: {
    text: 'Re-run the Hybrid Configuration Wizard, or correct the relationship in Exchange Online PowerShell.',
    powershell: [
      'Get-OrganizationRelationship | Format-List Name,Enabled,DomainNames,FreeBusyAccessEnabled,FreeBusyAccessLevel,TargetAutodiscoverEpr,TargetSharingEpr,TargetApplicationUri',
      'Set-OrganizationRelationship "<O365 to On-premises - …>" -Enabled $true -DomainNames <on-premises domains> -FreeBusyAccessEnabled $true -FreeBusyAccessLevel LimitedDetails -TargetAutodiscoverEpr https://autodiscover.<domain>/autodiscover/autodiscover.svc/WSSecurity',
    ],
  },
  docs: [
    'https://learn.microsoft.com/powershell/module/exchange/set-organizationrelationship',
    'https://learn.microsoft.com/exchange/hybrid-deployment/hybrid-deployment-prerequisites',
  ],
  requires: ['exo.orgRelationships'],
  optional: [
    'ldap.hybridConfiguration',
    'ldap.acceptedDomains',
    'ldap.autodiscoverScps',
    'ldap.orgRelationships',
  ],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, settings }) {
    const rels = artifacts['exo.orgRelationships'];
    const base = originEvidence(rels);
    const src = originText(rels);
    const { domains, from, hosts, targetsOnPrem } = onPremSharingTarget(
      artifacts,
      opts.autodiscoverHosts,
      settings,
    );
    const toOnPrem = (r: ExoOrgRelationship) => targetsOnPrem(r.domainNames, r.targetAutodiscoverEpr);
    const candidates = rels.items.filter(toOnPrem);
    const onPremSide = artifacts['ldap.orgRelationships'];
    const onPremNote =
      onPremSide && onPremSide.length === 0
        ? ' On-premises has no organization relationship either (see exch.intraorg-and-orgrel).'
        : '';
    if (candidates.length === 0)
      return [
        {
          target: 'organization relationships',
          status: 'warn',
          message: `No organization relationship to on-premises (DomainNames with ${listText(domains)}) among ${rels.items.length}: cloud users get no on-premises free/busy over DAuth.${onPremNote} [${src}]`,
          evidence: {
            ...base,
            relationships: rels.items.map((r) => ({ name: r.name, domainNames: r.domainNames })),
            onPremDomains: domains,
          },
        },
      ];
    return candidates.map((r): Finding => {
      const problems: string[] = [];
      if (!r.enabled) problems.push('the relationship is disabled');
      const missing = domains.filter((d) => !r.domainNames.some((n) => n.toLowerCase() === d));
      if (missing.length) problems.push(`DomainNames lacks ${missing.join(', ')} (${from})`);
      const ad = hostOf(r.targetAutodiscoverEpr);
      if (!ad) problems.push('TargetAutodiscoverEpr is not set');
      else if (isMicrosoftHost(ad))
        problems.push(`TargetAutodiscoverEpr points at Microsoft (${ad}), not on-premises`);
      else if (!hosts.includes(ad))
        problems.push(
          `TargetAutodiscoverEpr host ${ad} is not an on-premises Autodiscover host (${listText(hosts)})`,
        );
      const sharing = hostOf(r.targetSharingEpr);
      if (
        r.targetSharingEpr &&
        (!sharing || isMicrosoftHost(sharing) || !/^https:/i.test(r.targetSharingEpr))
      )
        problems.push(`TargetSharingEpr ${r.targetSharingEpr} is not an https URL of an on-premises host`);
      if (r.freeBusyAccessEnabled === false && opts.requireFreeBusy)
        problems.push('FreeBusyAccessEnabled is False');
      return {
        target: r.name,
        status: problems.length ? 'warn' : 'pass',
        message: problems.length
          ? `${problems.join('; ')}.${onPremNote} [${src}]`
          : `Enabled for ${r.domainNames.join(', ')}, Autodiscover at ${ad}${r.freeBusyAccessEnabled ? `, free/busy ${r.freeBusyAccessLevel ?? 'enabled'}` : ''} [${src}]`,
        evidence: {
          ...base,
          name: r.name,
          enabled: r.enabled,
          domainNames: r.domainNames,
          targetAutodiscoverEpr: r.targetAutodiscoverEpr ?? null,
          targetSharingEpr: r.targetSharingEpr ?? null,
          freeBusyAccessEnabled: r.freeBusyAccessEnabled ?? null,
          freeBusyAccessLevel: r.freeBusyAccessLevel ?? null,
          onPremDomains: domains,
          onPremAutodiscoverHosts: hosts,
        },
      };
    });
  },
});
