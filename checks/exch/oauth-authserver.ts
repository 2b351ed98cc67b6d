import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';

export const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

const options = z.strictObject({
  /** Metadata URLs that identify Microsoft's token service (EvoSTS / ACS). */
  metadataPatterns: z
    .array(z.string())
    .default([
      '^https://login\\.windows\\.net/[^/]+/federationmetadata/2007-06/federationmetadata\\.xml$',
      '^https://login\\.microsoftonline\\.com/[^/]+/federationmetadata/2007-06/federationmetadata\\.xml$',
      '^https://accounts\\.accesscontrol\\.windows\\.net/[^/]+/metadata/json/1$',
    ]),
});

export default defineCheck({
  id: 'exch.oauth-authserver',
  area: 'exch',
  severity: 'warn',
  targetKind: 'organization',
  title: 'OAuth to Exchange Online configured on-premises',
  failureTitle: 'OAuth between on-premises Exchange and Exchange Online is not configured',
  description:
    'Rich coexistence (free/busy, MailTips) and Hybrid Modern Authentication use OAuth: an enabled auth server for Microsoft Entra (EvoSTS) and the Exchange Online partner application 00000002-0000-0ff1-ce00-000000000000. MailStore does not depend on it, but a best-practice hybrid has it.',
  remediation:
    'Re-run the Hybrid Configuration Wizard (it configures OAuth), or follow Microsoft’s manual OAuth configuration (New-AuthServer -AuthMetadataUrl … -Type AzureAD, Set-PartnerApplication).',
  docs: [
    'https://learn.microsoft.com/exchange/configure-oauth-authentication-between-exchange-and-exchange-online-organizations-exchange-2013-help',
  ],
  requires: ['ldap.authServers', 'ldap.partnerApplications'],
  confidence: 'decompiled',
  options,
  run({ artifacts, options: opts }) {
    const patterns = opts.metadataPatterns.map((p) => new RegExp(p, 'i'));
    const servers = artifacts['ldap.authServers'];
    const apps = artifacts['ldap.partnerApplications'];
    const evo = servers.filter((s) => s.metadataUrl && patterns.some((p) => p.test(s.metadataUrl!)));
    const evoEnabled = evo.filter((s) => s.enabled);
    const exo = apps.filter((a) => a.applicationIdentifier?.toLowerCase() === EXO_APP_ID);
    const exoEnabled = exo.filter((a) => a.enabled);
    const evidence = {
      authServers: servers.map((s) => ({
        name: s.name,
        metadataUrl: s.metadataUrl,
        enabled: s.enabled,
        type: s.type,
      })),
      partnerApplications: apps.map((a) => ({
        name: a.name,
        applicationIdentifier: a.applicationIdentifier,
        enabled: a.enabled,
      })),
    };
    const missing: string[] = [];
    if (evoEnabled.length === 0)
      missing.push(
        evo.length
          ? 'the Microsoft Entra auth server is disabled'
          : 'no auth server for Microsoft Entra (EvoSTS/ACS)',
      );
    if (exoEnabled.length === 0)
      missing.push(
        exo.length
          ? 'the Exchange Online partner application is disabled'
          : `no partner application ${EXO_APP_ID}`,
      );
    if (missing.length) return [{ target: 'OAuth', status: 'warn', message: missing.join('; '), evidence }];
    return [
      {
        target: 'OAuth',
        status: 'pass',
        message: `Auth server ${evoEnabled[0]!.name} and the Exchange Online partner application are enabled`,
        evidence,
      },
    ];
  },
});
