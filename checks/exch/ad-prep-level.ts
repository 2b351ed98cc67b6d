import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { compareVersions } from '../../src/model/exchange-builds.ts';
import { versionText } from './onprem-helpers.ts';

export default defineCheck({
  id: 'exch.ad-prep-level',
  area: 'exch',
  severity: 'warn',
  targetKind: 'organization',
  title: 'Active Directory prepared for the installed Exchange CU',
  failureTitle: 'Active Directory is prepared for an older Exchange CU than installed',
  description:
    'Each CU raises the schema, organisation and MESO versions with /PrepareSchema, /PrepareAD and /PrepareDomain. Lower values than the newest server needs mean AD preparation was skipped, which breaks features and later upgrades.',
  remediation:
    'Run Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareSchema, /PrepareAD and /PrepareAllDomains from the installed CU media.',
  docs: ['https://learn.microsoft.com/exchange/plan-and-deploy/prepare-ad-and-domains'],
  requires: ['ldap.prepLevels', 'ldap.exchangeServers'],
  confidence: 'confirmed',
  run({ artifacts, model }) {
    const levels = artifacts['ldap.prepLevels'];
    const servers = model.servers.filter((d) => !d.isEdge && d.version);
    const newest = servers.sort((a, b) => compareVersions(b.version!, a.version!))[0];
    const evidence = {
      ...levels,
      newestServer: newest ? `${newest.server.name} ${versionText(newest)}` : undefined,
    };
    if (!newest)
      return [
        {
          target: 'organisation',
          status: 'info',
          message: 'No Exchange server with a readable version: nothing to compare',
          evidence,
        },
      ];
    const r = newest.release;
    if (!r || r.adSchemaVersion === undefined)
      return [
        {
          target: 'organisation',
          status: 'info',
          message: `The build table has no AD prep levels for ${versionText(newest)}; compare by hand`,
          evidence,
        },
      ];
    const findings: Finding[] = [];
    const judge = (
      target: string,
      what: string,
      actual: number | undefined,
      expected: number | undefined,
    ) => {
      if (expected === undefined) return;
      if (actual === undefined)
        findings.push({
          target,
          status: 'warn',
          message: `${what} not found (expected ${expected} for ${r.product} ${r.cu})`,
          evidence,
        });
      else if (actual < expected)
        findings.push({
          target,
          status: 'warn',
          message: `${what} is ${actual}; ${r.product} ${r.cu} needs ${expected}`,
          evidence,
        });
    };
    judge(
      'schema',
      'Schema version (rangeUpper of ms-Exch-Schema-Version-Pt)',
      levels.schemaVersion,
      r.adSchemaVersion,
    );
    judge('organisation', 'Organisation objectVersion', levels.orgVersion, r.adOrgVersion);
    if (levels.meso.length === 0)
      judge('MESO', 'Microsoft Exchange System Objects', undefined, r.adMesoVersion);
    for (const m of levels.meso) judge(m.dn, 'MESO objectVersion', m.objectVersion, r.adMesoVersion);
    if (findings.length) return findings;
    return [
      {
        target: 'organisation',
        status: 'pass',
        message: `AD is prepared for ${r.product} ${r.cu} (schema ${levels.schemaVersion}, org ${levels.orgVersion}, MESO ${levels.meso.map((m) => m.objectVersion).join('/')})`,
        evidence,
      },
    ];
  },
});
