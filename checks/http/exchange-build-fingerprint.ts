import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import type { EwsHostProbe } from '../../src/evidence/http.ts';
import {
  BUILD_TABLE_KNOWN_AS_OF,
  type ExchangeRelease,
  type ExchangeVersion,
  findRelease,
  formatExchangeVersion,
  isNewerThanKnown,
  newerThanKnownText,
  parseExchangeVersion,
  updateLevel,
} from '../../src/model/exchange-builds.ts';
import { faultText } from './probe-findings.ts';

/**
 * The build an Exchange front end shows: X-OWA-Version (full), else the export tool manifest's
 * assemblyIdentity version (full), else /owa/auth/<build>/ in the OWA page (CU only).
 */
function fingerprint(e: EwsHostProbe): { version?: ExchangeVersion; how?: string } {
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

const options = z.strictObject({
  /** A server up to this many updates behind the latest SU/HU of its CU only warns; more fails. */
  failAfterUpdatesBehind: z.number().int().min(0).default(3),
  /** Fails once the oldest missing update has been out this many days (at the snapshot's date). */
  failAfterDaysBehind: z.number().int().min(0).default(90),
  /** Exchange 2016/2019 past end of support: not a Microsoft-best-practice hybrid (fail) by default. */
  outOfSupport: z.enum(['fail', 'warn']).default('fail'),
  /** A build at the newest known update is only "current" while the build table is at most this old. */
  knowledgeMaxAgeDays: z.number().int().min(0).default(90),
});
type Options = z.infer<typeof options>;

const RANK: Record<FindingStatus, number> = { pass: 0, info: 1, warn: 2, fail: 3, error: 4 };
const DAY = 86_400_000;

interface Problem {
  status: FindingStatus;
  text: string;
}

/** One of the two judgments of a build, kept apart in the evidence: its status and why. */
interface Verdict {
  status: FindingStatus;
  reasons: string[];
}

const worst = (problems: readonly Problem[]): FindingStatus =>
  problems.reduce<FindingStatus>((w, p) => (RANK[p.status] > RANK[w] ? p.status : w), 'pass');

const verdictOf = (problems: readonly Problem[], ok: string): Verdict => ({
  status: worst(problems),
  reasons: problems.length ? problems.map((p) => p.text) : [ok],
});

/** Verdict 1: is the CU itself supported (product in support, CU meets the hybrid CU rule)? */
function judgeSupport(release: ExchangeRelease, now: Date, opts: Options): Problem[] {
  const problems: Problem[] = [];
  const eos = release.endOfSupport ? new Date(`${release.endOfSupport}T00:00:00Z`) : undefined;
  if (eos && eos.getTime() <= now.getTime())
    problems.push({ status: opts.outOfSupport, text: `out of support since ${release.endOfSupport}` });
  if (!release.supportedCu) problems.push({ status: 'warn', text: 'not a supported CU for hybrid' });
  return problems;
}

/** Verdict 2: does the build carry the latest update of its CU (as known to this table, at `now`)? */
function judgeUpdates(
  version: ExchangeVersion,
  release: ExchangeRelease,
  now: Date,
  opts: Options,
  evidence: Record<string, unknown>,
): Problem[] {
  const problems: Problem[] = [];
  // Only CUs whose SUs the table lists can be judged for "latest update" (not e.g. 2019 CU13).
  const level = release.updates ? updateLevel(version, now) : undefined;
  if (version.revision === undefined) {
    problems.push({
      status: 'warn',
      text: `the SU/HU revision is not visible, so neither the ${release.hybridAppUpdate ?? 'required'} level nor the latest security update can be confirmed`,
    });
  } else if (release.hybridAppMinRevision !== undefined && version.revision < release.hybridAppMinRevision) {
    problems.push({
      status: 'warn',
      text: `below the ${release.hybridAppUpdate} (${release.build}.${release.hybridAppMinRevision}) that the dedicated hybrid app needs`,
    });
  }
  if (!level) return problems;
  evidence.missingUpdates = level.missing.map((u) => `${u.name} ${u.build}`);
  if (level.newerThanKnown) {
    // Never labelled with the newest known name: this table cannot know what the build is.
    evidence.installedUpdate = `unknown (newer than ${level.newest!.name} ${level.newest!.build})`;
    problems.push({
      status: 'warn',
      text: `revision ${newerThanKnownText(version)}: its security level cannot be judged`,
    });
    return problems;
  }
  evidence.installedUpdate = level.installed?.name ?? 'none (bare CU)';
  if (level.missing.length > 0) {
    const latest = level.missing.at(-1)!;
    const fails =
      level.missing.length > opts.failAfterUpdatesBehind || level.daysBehind > opts.failAfterDaysBehind;
    evidence.updatesBehind = level.missing.length;
    evidence.daysBehind = level.daysBehind;
    problems.push({
      status: fails ? 'fail' : 'warn',
      text: `not current: ${level.missing.length} update(s) behind: latest known is ${latest.name} (${latest.build}), first missing ${level.missing[0]!.name} out for ${level.daysBehind} days (fails past ${opts.failAfterUpdatesBehind} updates or ${opts.failAfterDaysBehind} days)`,
    });
  } else {
    const age = Math.floor(
      (now.getTime() - new Date(`${BUILD_TABLE_KNOWN_AS_OF}T00:00:00Z`).getTime()) / DAY,
    );
    if (age > opts.knowledgeMaxAgeDays)
      problems.push({
        status: 'warn',
        text: `at the newest update known to this scanner (${level.installed?.name ?? release.cu}), but builds released after ${BUILD_TABLE_KNOWN_AS_OF} are unknown to this version (${age} days at the snapshot date)`,
      });
  }
  return problems;
}

/** The two verdicts of one known CU build at `now`; the worse decides the finding's status. */
function judgeBuild(
  version: ExchangeVersion,
  release: ExchangeRelease,
  now: Date,
  opts: Options,
): { status: FindingStatus; parts: string[]; evidence: Record<string, unknown> } {
  const evidence: Record<string, unknown> = {};
  const support = judgeSupport(release, now, opts);
  const updates = judgeUpdates(version, release, now, opts, evidence);
  evidence.cuSupport = verdictOf(support, 'supported CU');
  evidence.latestUpdate = verdictOf(updates, 'carries the latest known update');
  const problems = [...support, ...updates];
  return { status: worst(problems), parts: problems.map((p) => p.text), evidence };
}

export default defineCheck({
  id: 'http.exchange-build-fingerprint',
  area: 'http',
  severity: 'fail',
  targetKind: 'host',
  title: 'Exact on-premises Exchange build (SU/HU level)',
  failureTitle: 'On-premises Exchange build is out of support, behind on security updates, or unknown',
  description:
    'AD shows only the CU of an Exchange server; the HTTP front end shows the full build. Two separate judgments, each in the evidence: the CU must be supported (cuSupport: Exchange 2016/2019 are out of support since 2025-10-14), and the build must carry the latest update of its CU as known to this scanner (latestUpdate, see knownAsOf): one behind warns, more than failAfterUpdatesBehind (3) updates or an update missing for more than failAfterDaysBehind (90) days fails. A build newer than the newest known update is reported as such, never given a known name. The dedicated Exchange hybrid application needs the April 2025 hotfix update or later.',
  remediation:
    'Install the latest security update for the CU (see the Exchange build numbers page), or move to Exchange Server Subscription Edition.',
  docs: [
    'https://learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates',
    'https://github.com/microsoft/CSS-Exchange/blob/main/Shared/Get-ExchangeBuildVersionInformation.ps1',
  ],
  requires: ['http.ews'],
  optional: ['ldap.exchangeServers'],
  confidence: 'community',
  knowledge: ['exchange-builds'],
  options,
  run({ artifacts, now, options: opts }) {
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
        buildTableKnownAsOf: BUILD_TABLE_KNOWN_AS_OF,
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
          message: isNewerThanKnown(version)
            ? `Build ${newerThanKnownText(version)}: its support and security level cannot be judged${note}`
            : `Build ${text} is not in the build table: older than the CUs it lists${note}`,
          evidence,
        });
        continue;
      }
      evidence.release = `${release.product} ${release.cu}`;
      const verdict = judgeBuild(version, release, now, opts);
      Object.assign(evidence, verdict.evidence);
      findings.push({
        target: e.host,
        status: verdict.status,
        message: `${release.product} ${release.cu} build ${text}${verdict.parts.length ? `: ${verdict.parts.join('; ')}` : ' carries the latest known security update'}${note}`,
        evidence,
      });
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
