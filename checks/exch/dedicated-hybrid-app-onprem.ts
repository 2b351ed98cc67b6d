import { z } from 'zod';
import { defineCheck, isoDateOption } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { compareVersions } from '../../src/model/exchange-builds.ts';
import { deadline } from '../../src/model/microsoft-deadlines.ts';
import { EXO_APP_ID } from './oauth-authserver.ts';
import { allValues, versionText } from './onprem-helpers.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const options = z.strictObject({
  /** SectionName of the setting override that enables the dedicated app (storage unconfirmed). */
  sectionName: z.string().default('ExchangeOnpremAsThirdPartyAppId'),
  /** SectionName of the override that sends hybrid calls through Microsoft Graph instead of EWS (issue 12). */
  graphSectionName: z.string().default('RouteThroughMSGraph'),
  /** The first Exchange SE build with the Graph stage: the May 2026 hotfix, 15.2.2562.41 (issue 12). */
  graphMinimumSeBuild: z
    .string()
    .regex(/^15\.2\.\d+\.\d+$/)
    .default('15.2.2562.41'),
  /** From this date EWS is shut down in Exchange Online, so the Graph stage is required. */
  graphRequiredFrom: isoDateOption.default(deadline('ews-shutdown-exo')),
});

type Override = { dn: string; name: string; attributes: Record<string, string[]> };

/** Overrides naming a section, and whether they agree (several with different Enabled values cannot be judged). */
function overridesFor(all: Override[], section: string) {
  const lower = section.toLowerCase();
  const matching = all.filter((o) =>
    [o.name, ...allValues(o.attributes)].some((v) => v.toLowerCase().includes(lower)),
  );
  const isDisabled = (o: Override) => allValues(o.attributes).some((t) => /enabled\s*=\s*false/i.test(t));
  const enabled = matching.filter((o) => !isDisabled(o));
  const conflicting = enabled.length > 0 && enabled.length < matching.length;
  return { matching, enabled: enabled[0], conflicting };
}

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
  knowledge: ['microsoft-deadlines'],
  options,
  run({ artifacts, model, options: opts, now }) {
    const ews = overridesFor(artifacts['ldap.settingOverrides'], opts.sectionName);
    const graph = overridesFor(artifacts['ldap.settingOverrides'], opts.graphSectionName);
    const overrides = ews.matching;
    const enabledOverride = ews.enabled;
    // As HealthChecker does: overrides that disagree leave the effective setting unknown.
    for (const [section, o] of [
      [opts.sectionName, ews],
      [opts.graphSectionName, graph],
    ] as const)
      if (o.conflicting)
        return [
          {
            target: 'dedicated hybrid app',
            status: 'error',
            message: `Cannot determine the ${section} setting: ${o.matching.length} setting overrides disagree (${o.matching.map((x) => x.name).join(', ')}); remove all but one`,
            evidence: { settingOverrides: o.matching.map((x) => x.dn) },
          },
        ];
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
    const graphStage = graphStageFinding(servers, graph.enabled, opts, now);
    if (missing.length)
      return [
        {
          target: 'dedicated hybrid app',
          status: 'warn',
          message: `EWS stage: ${missing.join('; ')}`,
          evidence,
        },
        graphStage,
      ];
    return [
      {
        target: 'dedicated hybrid app',
        status: 'pass',
        message: `EWS stage: setting override and auth server for app ${dedicated[0]!.applicationIdentifier} present${unknownRevision.length ? `; AD shows no SU revision for ${unknownRevision.map((d) => d.server.name).join(', ')}: confirm the April 2025 HU with http.exchange-build-fingerprint` : ''}`,
        evidence,
      },
      graphStage,
    ];
  },
});

/** The Graph stage on-premises: the RouteThroughMSGraph override and Exchange SE with the May 2026 hotfix. */
function graphStageFinding(
  servers: {
    server: { name: string };
    isSe: boolean;
    version?: { major: number; minor: number; build: number; revision?: number };
  }[],
  override: Override | undefined,
  opts: { graphSectionName: string; graphMinimumSeBuild: string; graphRequiredFrom: string },
  now: Date,
): Finding {
  const [major, minor, build, revision] = opts.graphMinimumSeBuild.split('.').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const min = { major, minor, build, revision };
  // AD keeps the CU build only (15.2.2562): without a revision from another source the hotfix is unknown.
  const unknown = servers.filter((d) => d.isSe && d.version && d.version.revision === undefined);
  const below = servers.filter(
    (d) => !d.isSe || !d.version || (d.version.revision !== undefined && compareVersions(d.version, min) < 0),
  );
  const missing: string[] = [];
  if (!override) missing.push(`no enabled setting override for ${opts.graphSectionName}`);
  if (below.length)
    missing.push(
      `servers without Exchange SE ${opts.graphMinimumSeBuild} or later (older servers keep using EWS): ${below.map((d) => `${d.server.name} ${d.version ? `${d.version.major}.${d.version.minor}.${d.version.build}${d.version.revision !== undefined ? `.${d.version.revision}` : ''}` : 'unknown build'}`).join(', ')}`,
    );
  const evidence = {
    graphSettingOverride: override?.dn ?? null,
    minimumSeBuild: opts.graphMinimumSeBuild,
    requiredFrom: opts.graphRequiredFrom,
  };
  if (missing.length === 0 && unknown.length === 0)
    return {
      target: 'dedicated hybrid app',
      status: 'pass',
      message: `Graph stage: ${opts.graphSectionName} enabled on Exchange SE ${opts.graphMinimumSeBuild}+`,
      evidence,
    };
  if (missing.length === 0 && unknown.length)
    return {
      target: 'dedicated hybrid app',
      status: 'info',
      message: `Graph stage: ${opts.graphSectionName} enabled; AD shows no update revision for ${unknown.map((d) => d.server.name).join(', ')}: confirm Exchange SE ${opts.graphMinimumSeBuild} or later with http.exchange-build-fingerprint`,
      evidence,
    };
  const required = now.toISOString().slice(0, 10) >= opts.graphRequiredFrom;
  return {
    target: 'dedicated hybrid app',
    status: required ? 'warn' : 'info',
    message: `Graph stage: ${missing.join('; ')}; ${required ? `since ${opts.graphRequiredFrom} EWS is shut down in Exchange Online, so hybrid free/busy, MailTips and photos need it` : `needed before ${opts.graphRequiredFrom}, when EWS is shut down in Exchange Online`}`,
    evidence,
  };
}
