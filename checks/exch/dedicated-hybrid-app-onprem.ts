import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import { compareVersions } from '../../src/model/exchange-builds.ts';
import { EXO_APP_ID } from './oauth-authserver.ts';
import { allValues, versionText } from './onprem-helpers.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options = z.strictObject({
  /** SectionName of the setting override that enables the dedicated app (storage unconfirmed). */
  sectionName: z.string().default('ExchangeOnpremAsThirdPartyAppId'),
});

export default defineCheck({
  id: 'exch.dedicated-hybrid-app-onprem',
  area: 'exch',
  severity: 'warn',
  targetKind: 'app',
  title: 'Dedicated Exchange hybrid app enabled on-premises',
  failureTitle: 'The dedicated Exchange hybrid app is not enabled on-premises',
  description:
    'Since October 2025 EWS calls through the shared Exchange Online first-party principal are blocked: free/busy, MailTips and photos need the dedicated hybrid app, switched on with a setting override and an auth server carrying its app id, on builds from the April 2025 hotfix.',
  remediation:
    'Run ConfigureExchangeHybridApplication.ps1 (https://aka.ms/ConfigureExchangeHybridApplication-Docs) in "All" mode, or the current HCW, after installing the April 2025 HU or later.',
  docs: [
    'https://github.com/microsoft/CSS-Exchange/blob/main/docs/Diagnostics/HealthChecker/ExchangeHybridApplicationCheck.md',
    'https://techcommunity.microsoft.com/blog/exchange/exchange-server-security-changes-for-hybrid-deployments/4396833',
  ],
  requires: ['ldap.authServers', 'ldap.settingOverrides', 'ldap.exchangeServers'],
  optional: ['ldap.organizations'],
  confidence: 'unconfirmed',
  options,
  run({ artifacts, model, options: opts }) {
    const section = opts.sectionName.toLowerCase();
    const overrides = artifacts['ldap.settingOverrides'].filter((o) =>
      [o.name, ...allValues(o.attributes)].some((v) => v.toLowerCase().includes(section)),
    );
    const disabled = (text: string) => /enabled\s*=\s*false/i.test(text);
    const enabledOverride = overrides.find((o) => !allValues(o.attributes).some(disabled));
    const dedicated = artifacts['ldap.authServers'].filter(
      (s) =>
        s.enabled &&
        s.applicationIdentifier &&
        GUID.test(s.applicationIdentifier) &&
        s.applicationIdentifier.toLowerCase() !== EXO_APP_ID,
    );
    const servers = model.servers.filter((d) => !d.isEdge);
    const tooOld = servers.filter((d) => !d.isSe && !d.release?.hybridAppMinRevision);
    const unknownRevision = servers.filter(
      (d) => !d.isSe && d.release?.hybridAppMinRevision !== undefined && d.version?.revision === undefined,
    );
    const belowHu = servers.filter(
      (d) =>
        !d.isSe &&
        d.release?.hybridAppMinRevision !== undefined &&
        d.version?.revision !== undefined &&
        compareVersions(d.version, { ...d.version, revision: d.release.hybridAppMinRevision }) < 0,
    );
    const org = artifacts['ldap.organizations']?.[0];
    const evidence = {
      settingOverrides: overrides.map((o) => o.dn),
      dedicatedAuthServers: dedicated.map((s) => ({
        name: s.name,
        applicationIdentifier: s.applicationIdentifier,
      })),
      expectedAppName: org?.guid ? `ExchangeServerApp-${org.guid}` : undefined,
      servers: servers.map((d) => `${d.server.name} ${versionText(d)}`),
      note: 'The AD location of setting overrides is unconfirmed: overrides are matched by the section name in any attribute.',
    };
    const missing: string[] = [];
    if (!enabledOverride)
      missing.push(
        overrides.length
          ? `the ${opts.sectionName} setting override is disabled`
          : `no setting override for ${opts.sectionName} (read under CN=Setting Overrides,CN=Global Settings)`,
      );
    if (dedicated.length === 0)
      missing.push(
        'no enabled auth server with the dedicated app id (only the shared Exchange Online principal)',
      );
    if (tooOld.length || belowHu.length)
      missing.push(
        `servers below the April 2025 hotfix: ${[...tooOld, ...belowHu].map((d) => `${d.server.name} ${versionText(d)}`).join(', ')}`,
      );
    if (missing.length)
      return [{ target: 'dedicated hybrid app', status: 'warn', message: missing.join('; '), evidence }];
    return [
      {
        target: 'dedicated hybrid app',
        status: 'pass',
        message: `Setting override and auth server for app ${dedicated[0]!.applicationIdentifier} present${unknownRevision.length ? `; AD shows no SU revision for ${unknownRevision.map((d) => d.server.name).join(', ')}: confirm the April 2025 HU with http.exchange-build-fingerprint` : ''}`,
        evidence,
      },
    ];
  },
});
