import { describe, expect, it } from 'vitest';
import {
  BUILD_TABLE_KNOWN_AS_OF,
  compareVersions,
  EXCHANGE_RELEASES,
  isNewerThanKnown,
  parseExchangeVersion,
  updateLevel,
} from '../../src/model/exchange-builds.ts';

// Primary source: microsoft/CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1 @ f88378b (2026-04-02).
const SOURCE =
  /^Shared\/Get-ExchangeBuildVersionInformation\.ps1#L\d+@[0-9a-f]{12}$|^learn\.microsoft\.com\//;

describe('data/exchange-builds.json', () => {
  it('has a knownAsOf date and every CU and update a source, a date and a parseable build', () => {
    expect(BUILD_TABLE_KNOWN_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const r of EXCHANGE_RELEASES) {
      expect(r.source, `${r.product} ${r.cu}`).toMatch(SOURCE);
      expect(r.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const u of r.updates ?? []) {
        expect(u.source, u.name).toMatch(SOURCE);
        expect(u.released, u.name).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        expect(u.released <= BUILD_TABLE_KNOWN_AS_OF, u.name).toBe(true);
        expect(u.build.startsWith(`${r.build}.`), `${u.name} ${u.build} belongs to ${r.build}`).toBe(true);
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

  it('has the SUs HealthChecker lists up to Feb26SU for every supported CU, and nothing after', () => {
    const latest = (cu: string) =>
      EXCHANGE_RELEASES.find((r) => `${r.product} ${r.cu}` === cu)?.updates?.at(-1);
    expect(latest('Exchange Server 2016 CU23')).toMatchObject({ name: 'Feb26SU', build: '15.1.2507.66' });
    expect(latest('Exchange Server 2019 CU14')).toMatchObject({ name: 'Feb26SU', build: '15.2.1544.39' });
    expect(latest('Exchange Server 2019 CU15')).toMatchObject({ name: 'Feb26SU', build: '15.2.1748.43' });
    expect(latest('Exchange Server Subscription Edition RTM')).toMatchObject({
      name: 'Feb26SU',
      build: '15.2.2562.37',
    });
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
  });
  it('flags builds above everything known, not older unknown ones', () => {
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2600.1')!)).toBe(true);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2562.38')!)).toBe(true);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.2562.37')!)).toBe(false);
    expect(isNewerThanKnown(parseExchangeVersion('15.2.100.1')!)).toBe(false);
    expect(updateLevel(parseExchangeVersion('15.2.2562.40')!, at('2026-03-01'))?.newerThanKnown).toBe(true);
  });
});
