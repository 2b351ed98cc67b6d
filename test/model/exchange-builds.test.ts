import { describe, expect, it } from 'vitest';
import {
  BUILD_TABLE_COMMENT,
  BUILD_TABLE_KNOWN_AS_OF,
  BUILD_TABLE_SOURCE,
  compareVersions,
  EXCHANGE_RELEASES,
  isNewerThanKnown,
  newerThanKnownText,
  newestKnown,
  parseExchangeVersion,
  updateLevel,
} from '../../src/model/exchange-builds.ts';

// Primary sources: microsoft/CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1 @ f88378b
// (2026-04-02) up to Feb26SU; for later updates Microsoft's CVE records in CVEProject/cvelistV5
// (assigner microsoft: `lessThan` = first fixed build, `datePublic` = release day), CSS-Exchange
// PR 2574 (Aug26SU) and the Microsoft Learn build-numbers page (SE May26HU).
const HEALTHCHECKER_LINE = /^Shared\/Get-ExchangeBuildVersionInformation\.ps1#L\d+@[0-9a-f]{12}$/;
const LEARN = /^(https:\/\/)?learn\.microsoft\.com\/exchange\//;
const PRIMARY_URL =
  /^https:\/\/github\.com\/(CVEProject\/cvelistV5\/blob\/[0-9a-f]{40}\/cves\/\d{4}\/\d+xxx\/CVE-\d{4}-\d+\.json|microsoft\/CSS-Exchange\/pull\/\d+)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const allUpdates = EXCHANGE_RELEASES.flatMap((r) => (r.updates ?? []).map((u) => ({ r, u })));
/** 15.2.2562.53 -> 15.02.2562.053, the long format of Microsoft's CVE records and Learn tables. */
const longFormat = (build: string) => {
  const [a, b, c, d] = build.split('.');
  return `${a}.${b!.padStart(2, '0')}.${c!.padStart(4, '0')}.${d!.padStart(3, '0')}`;
};

describe('data/exchange-builds.json', () => {
  it('has a knownAsOf date and every CU and update a source, a date and a parseable build', () => {
    expect(BUILD_TABLE_KNOWN_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const r of EXCHANGE_RELEASES) {
      expect(r.source, `${r.product} ${r.cu}`).toMatch(
        new RegExp(`${HEALTHCHECKER_LINE.source}|${LEARN.source}`),
      );
      expect(r.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const { r, u } of allUpdates) {
      expect(u.released, u.name).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(u.released <= BUILD_TABLE_KNOWN_AS_OF, `${u.name} released after knownAsOf`).toBe(true);
      expect(u.build.startsWith(`${r.build}.`), `${u.name} ${u.build} belongs to ${r.build}`).toBe(true);
      expect(parseExchangeVersion(u.build)?.revision, u.build).toBeTypeOf('number');
    }
  });

  it('dates every update in the month its name encodes (a vN re-release may come later, never earlier)', () => {
    for (const { r, u } of allUpdates) {
      const m = u.name.match(/^([A-Z][a-z]{2})(\d{2})(SU|HU)(v\d+)?$/);
      expect(m, `${r.cu} ${u.name} is a HealthChecker name`).not.toBeNull();
      const month = `20${m![2]}-${String(MONTHS.indexOf(m![1]!) + 1).padStart(2, '0')}`;
      if (m![4]) expect(u.released.slice(0, 7) >= month, `${r.cu} ${u.name} ${u.released}`).toBe(true);
      else expect(u.released.slice(0, 7), `${r.cu} ${u.name}`).toBe(month);
    }
  });

  it('takes each entry from HealthChecker up to its stored commit, later ones from a quoted primary source', () => {
    const hcUntil = BUILD_TABLE_SOURCE.lastBuildChange.date;
    for (const { r, u } of allUpdates) {
      const what = `${r.product} ${r.cu} ${u.name}`;
      if (HEALTHCHECKER_LINE.test(u.source)) {
        expect(u.released <= hcUntil, `${what}: HealthChecker's copy has nothing after ${hcUntil}`).toBe(
          true,
        );
        continue;
      }
      // Not in the stored HealthChecker table: a Microsoft record, quoted, that gives this exact build.
      expect(u.source, what).toMatch(new RegExp(`${PRIMARY_URL.source}|${LEARN.source}`));
      expect(u.evidence, `${what} quotes its source`).toBeTypeOf('string');
      const quotesBuild = u.evidence!.includes(u.build) || u.evidence!.includes(longFormat(u.build));
      expect(quotesBuild, `${what}: the quoted source gives ${u.build}`).toBe(true);
      const cve = u.evidence!.match(/^(CVE-\d{4}-\d+) \(assigner microsoft, datePublic (\d{4}-\d{2}-\d{2})/);
      if (cve) {
        expect(u.source, what).toContain(`/${cve[1]}.json`);
        expect(u.evidence, what).toContain(`lessThan (fixed in) ${longFormat(u.build)}`);
        expect(cve[2], `${what}: released on the CVE's datePublic`).toBe(u.released);
      }
    }
  });

  it('lists CUs and updates in ascending order without duplicates', () => {
    const cuBuilds = EXCHANGE_RELEASES.map((r) => r.build);
    expect(new Set(cuBuilds).size).toBe(cuBuilds.length);
    for (let i = 1; i < cuBuilds.length; i++)
      expect(
        compareVersions(parseExchangeVersion(cuBuilds[i - 1]!)!, parseExchangeVersion(cuBuilds[i]!)!),
      ).toBeLessThan(0);
    for (const r of EXCHANGE_RELEASES) {
      const updates = r.updates ?? [];
      expect(new Set(updates.map((u) => u.name)).size).toBe(updates.length);
      for (let i = 1; i < updates.length; i++) {
        const [a, b] = [updates[i - 1]!, updates[i]!];
        expect(
          compareVersions(parseExchangeVersion(a.build)!, parseExchangeVersion(b.build)!),
          b.name,
        ).toBeLessThan(0);
        expect(a.released <= b.released, b.name).toBe(true);
      }
    }
  });

  // Sources: CVE-2026-45500 (Jun26SU, as first published), CVE-2026-55005 (Jul26SU), CSS-Exchange PR
  // 2574 (Aug26SU), CVE-2026-69355 (Sep26SU), CVE-2026-96940 (Sep26SUv2, 2026-10-02); SE May26HU from
  // Microsoft Learn. No SE CU1 exists; the update of 2026-10-13 is a stated gap of the table.
  it('has every update from Feb26SU up to Sep26SUv2 for every supported CU, and the gap stated', () => {
    const names = (cu: string) =>
      EXCHANGE_RELEASES.find((r) => `${r.product} ${r.cu}` === cu)?.updates?.map(
        (u) => `${u.name} ${u.build}`,
      );
    expect(names('Exchange Server 2016 CU23')?.slice(-6)).toEqual([
      'Feb26SU 15.1.2507.66',
      'Jun26SU 15.1.2507.69',
      'Jul26SU 15.1.2507.71',
      'Aug26SU 15.1.2507.72',
      'Sep26SU 15.1.2507.73',
      'Sep26SUv2 15.1.2507.75',
    ]);
    expect(names('Exchange Server 2019 CU14')?.slice(-6)).toEqual([
      'Feb26SU 15.2.1544.39',
      'Jun26SU 15.2.1544.41',
      'Jul26SU 15.2.1544.43',
      'Aug26SU 15.2.1544.44',
      'Sep26SU 15.2.1544.46',
      'Sep26SUv2 15.2.1544.48',
    ]);
    expect(names('Exchange Server 2019 CU15')?.slice(-6)).toEqual([
      'Feb26SU 15.2.1748.43',
      'Jun26SU 15.2.1748.46',
      'Jul26SU 15.2.1748.48',
      'Aug26SU 15.2.1748.49',
      'Sep26SU 15.2.1748.51',
      'Sep26SUv2 15.2.1748.53',
    ]);
    expect(names('Exchange Server Subscription Edition RTM')?.slice(-7)).toEqual([
      'Feb26SU 15.2.2562.37',
      'May26HU 15.2.2562.41',
      'Jun26SU 15.2.2562.43',
      'Jul26SU 15.2.2562.45',
      'Aug26SU 15.2.2562.46',
      'Sep26SU 15.2.2562.49',
      'Sep26SUv2 15.2.2562.53',
    ]);
    // No SE CU1: the SE line is the RTM CU only.
    expect(
      EXCHANGE_RELEASES.filter((r) => r.product === 'Exchange Server Subscription Edition').map((r) => r.cu),
    ).toEqual(['RTM']);
    // knownAsOf is the newest release the table holds, and the comment states what it leaves out.
    const newest = allUpdates
      .map(({ u }) => u.released)
      .sort()
      .at(-1);
    expect(BUILD_TABLE_KNOWN_AS_OF).toBe(newest);
    expect(BUILD_TABLE_COMMENT).toContain('Sep26SUv2 was released on 2026-10-02');
    expect(BUILD_TABLE_COMMENT).toMatch(
      /Known gap: a later update released 2026-10-13 .* is NOT in this table/,
    );
    expect(BUILD_TABLE_COMMENT).toContain('There is still no SE CU1');
  });
});

describe('updateLevel and isNewerThanKnown', () => {
  const at = (d: string) => new Date(`${d}T00:00:00Z`);
  it('counts missing updates released by the snapshot date (pass, fail, edge)', () => {
    expect(updateLevel(parseExchangeVersion('15.2.2562.37')!, at('2026-03-01'))?.missing).toEqual([]);
    const behind = updateLevel(parseExchangeVersion('15.2.2562.29')!, at('2026-03-01'))!;
    expect(behind.installed?.name).toBe('Oct25SU');
    expect(behind.missing.map((u) => u.name)).toEqual(['Dec25SU', 'Feb26SU']);
    expect(behind.daysBehind).toBe(90);
    // Feb26SU not out yet at the snapshot date.
    expect(updateLevel(parseExchangeVersion('15.2.2562.35')!, at('2026-01-31'))?.missing).toEqual([]);
    expect(updateLevel(parseExchangeVersion('15.2.2562')!, at('2026-03-01'))).toBeUndefined();
    // Day-precise dates of the later updates: Jun26SU (CVE-2026-45500, 2026-06-09) is missing from
    // 2026-06-09 on, not before.
    expect(updateLevel(parseExchangeVersion('15.2.2562.41')!, at('2026-06-08'))?.missing).toEqual([]);
    const june = updateLevel(parseExchangeVersion('15.2.2562.41')!, at('2026-06-10'))!;
    expect(june.missing.map((u) => u.name)).toEqual(['Jun26SU']);
    expect(june.daysBehind).toBe(1);
  });
  it('flags builds above everything known, not older unknown ones', () => {
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2600.1')!)).toBe(true);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2562.54')!)).toBe(true);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2562.53')!)).toBe(false);
    // Between two known updates (a private or interim build): known line, not "newer".
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2562.38')!)).toBe(false);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.100.1')!)).toBe(false);
    expect(updateLevel(parseExchangeVersion('15.2.2562.60')!, at('2026-11-01'))?.newerThanKnown).toBe(true);
  });
  it('never gives a build above every known update the newest known name', () => {
    const level = updateLevel(parseExchangeVersion('15.2.2562.56')!, at('2026-11-01'))!;
    expect(level.installed).toBeUndefined();
    expect(level.newest?.name).toBe('Sep26SUv2');
    expect(newerThanKnownText(parseExchangeVersion('15.2.2562.56')!)).toBe(
      `15.2.2562.56 is newer than the newest known update (Exchange Server Subscription Edition RTM Sep26SUv2, 15.2.2562.53); this version's build knowledge is from ${BUILD_TABLE_KNOWN_AS_OF}`,
    );
    expect(newestKnown({ major: 15, minor: 1 })).toEqual({
      label: 'Exchange Server 2016 CU23 Sep26SUv2',
      build: '15.1.2507.75',
    });
    expect(newestKnown({ major: 16, minor: 0 })).toBeUndefined();
    expect(newerThanKnownText(parseExchangeVersion('16.0.100.1')!)).toMatch(
      /^16\.0\.100\.1 is newer than the newest known update; this version's build knowledge is from /,
    );
  });
});
