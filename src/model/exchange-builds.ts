import { readFileSync } from 'node:fs';

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
  latestRevision?: number;
  latestUpdate?: string;
  /** AD prep levels this CU's /PrepareAD writes (HealthChecker's table); absent when unknown. */
  adSchemaVersion?: number;
  adOrgVersion?: number;
  adMesoVersion?: number;
}

export interface ExchangeVersion {
  major: number;
  minor: number;
  build: number;
  /** Unknown when the source shows only the CU (AD's serialNumber). */
  revision?: number;
}

interface BuildTable {
  updated: string;
  releases: ExchangeRelease[];
}

const table: BuildTable = JSON.parse(
  readFileSync(new URL('../../data/exchange-builds.json', import.meta.url), 'utf8'),
);

export const BUILD_TABLE_UPDATED = table.updated;
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
