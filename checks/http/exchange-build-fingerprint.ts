import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import {
  BUILD_TABLE_UPDATED,
  type ExchangeVersion,
  findRelease,
  formatExchangeVersion,
  parseExchangeVersion,
} from '../../src/model/exchange-builds.ts';
import type { EwsHostProbe } from '../../src/sources/http/types.ts';
import { faultText, NETWORK_PERMISSION } from './probe-findings.ts';

/**
 * The build an Exchange front end shows: X-OWA-Version (full), else the export tool manifest's
 * assemblyIdentity version (full), else /owa/auth/<build>/ in the OWA page (CU only).
 */
export function fingerprint(e: EwsHostProbe): { version?: ExchangeVersion; how?: string } {
  for (const [probe, how] of [
    [e.owa, 'X-OWA-Version header of /owa/'],
    [e.bearer, 'X-OWA-Version header of the EWS 401'],
    [e.ews, 'X-OWA-Version header of the EWS 401'],
  ] as const) {
    const header = probe.headers['x-owa-version']?.find((v) => v.trim());
    const v = header ? parseExchangeVersion(header) : undefined;
    if (v) return { version: v, how };
  }
  const manifest = e.exportTool?.status === 200 ? e.exportTool.body : undefined;
  const assembly = manifest?.match(/<assemblyIdentity\b[^>]*\bversion="(\d+\.\d+\.\d+\.\d+)"/i);
  if (assembly) {
    const v = parseExchangeVersion(assembly[1]!);
    if (v) return { version: v, how: 'assemblyIdentity version of the ECP eDiscovery export tool manifest' };
  }
  const marker = e.owa.body?.match(/\/owa\/auth\/(\d+\.\d+\.\d+)(?:\.(\d+))?\//);
  if (marker) {
    const v = parseExchangeVersion(marker[2] ? `${marker[1]}.${marker[2]}` : marker[1]!);
    if (v) return { version: v, how: '/owa/auth/<build>/ path in the OWA page (CU only, no SU revision)' };
  }
  return {};
}

export default defineCheck({
  id: 'http.exchange-build-fingerprint',
  area: 'http',
  severity: 'warn',
  targetKind: 'host',
  title: 'Exact on-premises Exchange build (SU/HU level)',
  failureTitle: 'On-premises Exchange build is below the hybrid requirement, or unknown',
  description:
    'AD shows only the CU of an Exchange server; the HTTP front end shows the full build. The dedicated Exchange hybrid application needs the April 2025 hotfix update or later (2019 CU15 ≥ 15.2.1748.24, CU14 ≥ 15.2.1544.25, 2016 CU23 ≥ 15.1.2507.55, any Exchange SE).',
  remediation:
    'Install the latest security update for the CU (see the Exchange build numbers page), or move to Exchange Server Subscription Edition.',
  docs: [
    'https://learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates',
    'https://github.com/microsoft/CSS-Exchange/blob/main/Shared/Get-ExchangeBuildVersionInformation.ps1',
  ],
  requires: ['http.ews'],
  optional: ['ldap.exchangeServers'],
  permissions: { network: NETWORK_PERMISSION },
  confidence: 'community',
  run({ artifacts }) {
    const findings: Finding[] = [];
    // AD's serialNumber shows each server's CU (no SU revision): compared with what HTTP shows.
    const adServers = (artifacts['ldap.exchangeServers'] ?? [])
      .filter((s) => (s.roles & 64) === 0 && s.serialNumber)
      .map((s) => ({
        name: s.name,
        serialNumber: s.serialNumber!,
        version: parseExchangeVersion(s.serialNumber!),
      }));
    const adNote = (v: ExchangeVersion): string => {
      if (adServers.length === 0) return '';
      const cu = (x: ExchangeVersion) => `${x.major}.${x.minor}.${x.build}`;
      const same = adServers.filter((s) => s.version && cu(s.version) === cu(v)).map((s) => s.name);
      return same.length > 0
        ? `; AD lists ${same.join(', ')} at this CU`
        : `; no server in AD is at this CU (${adServers.map((s) => `${s.name} ${s.version ? cu(s.version) : s.serialNumber}`).join(', ')}): another server answers on this name`;
    };
    for (const e of artifacts['http.ews']) {
      const { version, how } = fingerprint(e);
      const evidence: Record<string, unknown> = {
        owa: `${e.owa.method} ${e.owa.url} -> ${e.owa.status ?? e.owa.fault?.code}`,
        xOwaVersion: e.owa.headers['x-owa-version'] ?? e.bearer.headers['x-owa-version'],
        ...(how ? { readFrom: how } : {}),
        buildTableUpdated: BUILD_TABLE_UPDATED,
      };
      if (!version) {
        const fault = e.owa.fault ?? e.bearer.fault;
        findings.push({
          target: e.host,
          status: fault && fault.kind !== 'tls' ? 'error' : 'warn',
          message: fault
            ? `Build not readable: ${faultText(fault)}`
            : 'Build not readable: no X-OWA-Version header and no /owa/auth/<build>/ marker',
          evidence,
        });
        continue;
      }
      const text = formatExchangeVersion(version);
      evidence.build = text;
      if (adServers.length > 0)
        evidence.adServers = adServers.map(({ name, serialNumber }) => ({ name, serialNumber }));
      const note = adNote(version);
      const release = findRelease(version);
      if (!release) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `Build ${text} is not in the build table (updated ${BUILD_TABLE_UPDATED}): too old, or newer than the table`,
          evidence,
        });
        continue;
      }
      evidence.release = `${release.product} ${release.cu}`;
      if (!release.supportedCu) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `${release.product} ${release.cu} (${text}) is not a supported CU for hybrid`,
          evidence,
        });
      } else if (version.revision === undefined) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `${release.product} ${release.cu} (${text}); the SU/HU revision is not visible, so the ${release.hybridAppUpdate ?? 'required'} level cannot be confirmed`,
          evidence,
        });
      } else if (
        release.hybridAppMinRevision !== undefined &&
        version.revision < release.hybridAppMinRevision
      ) {
        findings.push({
          target: e.host,
          status: 'warn',
          message: `${release.product} ${release.cu} build ${text} is below the ${release.hybridAppUpdate} (${release.build}.${release.hybridAppMinRevision}) that the dedicated hybrid app needs${note}`,
          evidence,
        });
      } else {
        const latest =
          release.latestRevision !== undefined && version.revision < release.latestRevision
            ? `; latest known update is ${release.latestUpdate} (${release.build}.${release.latestRevision})`
            : release.latestRevision !== undefined
              ? ` (${release.latestUpdate ?? 'latest known update'})`
              : '';
        findings.push({
          target: e.host,
          status: 'pass',
          message: `${release.product} ${release.cu} build ${text}${latest}${note}`,
          evidence,
        });
      }
    }
    if (findings.length === 0) {
      findings.push({
        target: 'EWS hosts',
        status: 'error',
        message:
          'No on-premises Exchange host was found to fingerprint (Autodiscover gave none); set probes.ewsUrls',
      });
    }
    return findings;
  },
});
