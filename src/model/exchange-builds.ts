// Shipped data, imported as a module so the model reads no file at run time.
import data from '../../data/exchange-builds.json' with { type: 'json' };

/**
 * Exchange build decoding and the dated build table (`data/exchange-builds.json`). The table only
 * knows what Microsoft had released by its `knownAsOf` date: every judgment that depends on "latest"
 * must say so, and a build above everything known is reported as newer than this knowledge, never
 * labelled with the newest known name.
 */

/** One security update (SU) or hotfix update (HU) of a CU. */
interface ExchangeUpdate {
  /** HealthChecker's name, e.g. `Feb26SU`, `Apr25HU`, `Nov24SUv2`. */
  name: string;
  /** Full build, e.g. 15.2.1748.43. */
  build: string;
  /** `YYYY-MM` (the month the name encodes) or `YYYY-MM-DD`. */
  released: string;
  /** File, line and commit the entry was taken from, or the URL of its primary source. */
  source: string;
  /** For entries not taken from HealthChecker's table: the words of the source giving build and date. */
  evidence?: string;
}

/** One Exchange cumulative update from `data/exchange-builds.json`. */
export interface ExchangeRelease {
  product: string;
  cu: string;
  /** major.minor.build of the CU, e.g. 15.2.1748. */
  build: string;
  released: string;
  endOfSupport: string | null;
  /** Latest or immediately previous CU: meets the hybrid prerequisite. */
  supportedCu: boolean;
  /** Lowest revision with the dedicated Exchange hybrid app support (April 2025 HU). */
  hybridAppMinRevision?: number;
  hybridAppUpdate?: string;
  /** AD prep levels this CU's /PrepareAD writes (HealthChecker's table); absent when unknown. */
  adSchemaVersion?: number;
  adOrgVersion?: number;
  adMesoVersion?: number;
  source: string;
  /** SUs/HUs of this CU, oldest first. */
  updates?: ExchangeUpdate[];
}

export interface ExchangeVersion {
  major: number;
  minor: number;
  build: number;
  /** Unknown when the source shows only the CU (AD's serialNumber). */
  revision?: number;
}

interface BuildTable {
  $comment: string;
  knownAsOf: string;
  source: {
    repository: string;
    file: string;
    commit: string;
    /** The newest build change in the stored copy of HealthChecker's table. */
    lastBuildChange: { commit: string; date: string; subject: string };
    /** Where the updates released after that copy were taken from. */
    laterUpdates?: { updates: string; source: string }[];
  };
  releases: ExchangeRelease[];
}

const table = data as unknown as BuildTable;

/** Date up to which the build table is current (`YYYY-MM-DD`). */
export const BUILD_TABLE_KNOWN_AS_OF = table.knownAsOf;
export const BUILD_TABLE_SOURCE = table.source;
/** What the table holds, where from, and the gaps it knows of. */
export const BUILD_TABLE_COMMENT = table.$comment;
export const EXCHANGE_RELEASES: readonly ExchangeRelease[] = table.releases;

/** Parses `15.2.1748.24`, `15.2.1748` or AD's `Version 15.2 (Build 1748.24)`. */
export function parseExchangeVersion(text: string): ExchangeVersion | undefined {
  const serial = text.match(/Version\s+(\d+)\.(\d+)\s+\(Build\s+(\d+)(?:\.(\d+))?\)/i);
  const dotted = serial ?? text.match(/\b(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?\b/);
  if (!dotted) return undefined;
  const [, major, minor, build, revision] = dotted;
  return {
    major: Number(major),
    minor: Number(minor),
    build: Number(build),
    ...(revision !== undefined ? { revision: Number(revision) } : {}),
  };
}

export function formatExchangeVersion(v: ExchangeVersion): string {
  return `${v.major}.${v.minor}.${v.build}${v.revision !== undefined ? `.${v.revision}` : ''}`;
}

/** The CU a version belongs to, or undefined for a build the table does not know. */
export function findRelease(v: ExchangeVersion): ExchangeRelease | undefined {
  return EXCHANGE_RELEASES.find((r) => r.build === `${v.major}.${v.minor}.${v.build}`);
}

/** Negative when a < b; revisions compare only when both are known. */
export function compareVersions(a: ExchangeVersion, b: ExchangeVersion): number {
  return a.major - b.major || a.minor - b.minor || a.build - b.build || (a.revision ?? 0) - (b.revision ?? 0);
}

/** First moment of an update's release: month precision counts from the 1st (never under-counts age). */
function releasedAt(released: string): Date {
  return new Date(`${released.length === 7 ? `${released}-01` : released}T00:00:00Z`);
}

/** The updates of a CU that were out at `now` (a newer table must not judge an older snapshot). */
function updatesReleasedBy(release: ExchangeRelease, now: Date): ExchangeUpdate[] {
  return (release.updates ?? []).filter((u) => releasedAt(u.released).getTime() <= now.getTime());
}

/** The newest build the table knows for a product line (same major.minor), with its name. */
interface NewestKnown {
  /** e.g. `Exchange Server Subscription Edition RTM Sep26SUv2`, or the CU's name when it has no updates. */
  label: string;
  build: string;
}

/** The newest known build of the version's product line, or undefined when the line is unknown. */
export function newestKnown(v: Pick<ExchangeVersion, 'major' | 'minor'>): NewestKnown | undefined {
  let best: NewestKnown | undefined;
  for (const r of EXCHANGE_RELEASES) {
    if (!r.build.startsWith(`${v.major}.${v.minor}.`)) continue;
    const candidates: NewestKnown[] = [
      { label: `${r.product} ${r.cu}`, build: r.build },
      ...(r.updates ?? []).map((u) => ({ label: `${r.product} ${r.cu} ${u.name}`, build: u.build })),
    ];
    for (const c of candidates)
      if (!best || compareVersions(parseExchangeVersion(c.build)!, parseExchangeVersion(best.build)!) > 0)
        best = c;
  }
  return best;
}

/**
 * The sentence for a build above everything known: it names the newest known update only as the
 * reference point and the table's date, never as the build's own name.
 */
export function newerThanKnownText(v: ExchangeVersion): string {
  const newest = newestKnown(v);
  return `${formatExchangeVersion(v)} is newer than the newest known update${newest ? ` (${newest.label}, ${newest.build})` : ''}; this version's build knowledge is from ${BUILD_TABLE_KNOWN_AS_OF}`;
}

/**
 * True when the version is above every build the table knows for its product line (same
 * major.minor): a CU or update released after `knownAsOf`.
 */
export function isNewerThanKnown(v: ExchangeVersion): boolean {
  const line = EXCHANGE_RELEASES.filter((r) => r.build.startsWith(`${v.major}.${v.minor}.`));
  if (line.length === 0) return v.major > 15 || (v.major === 15 && v.minor > 2);
  const known = line.flatMap((r) => [r.build, ...(r.updates ?? []).map((u) => u.build)]);
  return known.every((b) => compareVersions(v, parseExchangeVersion(b)!) > 0);
}

interface UpdateLevel {
  release: ExchangeRelease;
  /**
   * The newest known update at or below the version; undefined at the bare CU (or unlisted) and
   * for a revision above every known update (whose name this table cannot know).
   */
  installed?: ExchangeUpdate;
  /** The newest update the table knows for this CU. */
  newest?: ExchangeUpdate;
  /** Updates out at `now` that the version lacks, oldest first. */
  missing: ExchangeUpdate[];
  /** Whole days since the oldest missing update came out (0 when none is missing). */
  daysBehind: number;
  /** The revision is above every update the table knows for this CU. */
  newerThanKnown: boolean;
}

/** Where a full build stands among its CU's updates at `now`; undefined for an unknown CU or no revision. */
export function updateLevel(v: ExchangeVersion, now: Date): UpdateLevel | undefined {
  const release = findRelease(v);
  if (!release || v.revision === undefined) return undefined;
  const revisionOf = (u: ExchangeUpdate) => parseExchangeVersion(u.build)?.revision ?? 0;
  const all = release.updates ?? [];
  const newest = all.at(-1);
  const newerThanKnown = newest !== undefined && v.revision > revisionOf(newest);
  const installed = newerThanKnown ? undefined : all.filter((u) => revisionOf(u) <= v.revision!).at(-1);
  const missing = updatesReleasedBy(release, now).filter((u) => revisionOf(u) > v.revision!);
  const oldest = missing[0];
  const daysBehind = oldest
    ? Math.max(0, Math.floor((now.getTime() - releasedAt(oldest.released).getTime()) / 86_400_000))
    : 0;
  return {
    release,
    ...(installed ? { installed } : {}),
    ...(newest ? { newest } : {}),
    missing,
    daysBehind,
    newerThanKnown,
  };
}
