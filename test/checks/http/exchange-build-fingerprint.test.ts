import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/exchange-build-fingerprint.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

// Primary source of every build below: microsoft/CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1
// @ f88378b (HealthChecker's build dictionary) up to Feb26SU; later updates from Microsoft's CVE records
// (CVEProject/cvelistV5, assigner microsoft): Jun26SU CVE-2026-45500 (2026-06-09), Jul26SU
// CVE-2026-55005 (2026-07-14), Aug26SU CSS-Exchange PR 2574 / CVE-2026-62910 (2026-08-11), Sep26SU
// CVE-2026-69355 (2026-09-08), Sep26SUv2 CVE-2026-96940 (2026-10-02); SE May26HU 15.2.2562.41 from
// the Microsoft Learn build-numbers page. End of support of 2016/2019:
// learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates.

/** contoso-ready's EWS probe with the X-OWA-Version header replaced. */
async function withBuild(build: string) {
  const { input } = await cachedScenario('contoso-ready');
  const ews = structuredClone(input.artifacts!['http.ews']!);
  ews[0]!.owa.headers['x-owa-version'] = [build];
  return { 'http.ews': ews };
}

const at = async (build: string, now: string, options?: Record<string, unknown>) =>
  runCheck(check, {
    artifacts: await withBuild(build),
    now: `${now}T00:00:00Z`,
    ...(options ? { setting: { options } } : {}),
  });

describe('http.exchange-build-fingerprint', () => {
  it('passes for SE RTM Sep26SUv2 15.2.2562.53 (CVE-2026-96940) while the build table is fresh', async () => {
    const r = runCheck(check, {
      ...(await cachedScenario('contoso-ready')).input,
      now: '2026-10-15T00:00:00Z',
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      build: '15.2.2562.53',
      release: 'Exchange Server Subscription Edition RTM',
      installedUpdate: 'Sep26SUv2',
      missingUpdates: [],
      cuSupport: { status: 'pass', reasons: ['supported CU'] },
      latestUpdate: { status: 'pass', reasons: ['carries the latest known update'] },
    });
  });

  it('warns at the newest known update once the table is older than 90 days at the snapshot date', async () => {
    const r = await at('15.2.2562.53', '2027-01-15');
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(
      /builds released after 2026-10-02 are unknown to this version \(105 days at the snapshot date\)/,
    );
    expect((await at('15.2.2562.53', '2027-01-15', { knowledgeMaxAgeDays: 400 })).status).toBe('pass');
  });

  it('warns up to three updates behind and fails at four (failAfterUpdatesBehind, default 3)', async () => {
    // Sep26SU .49 on 2026-10-15: Sep26SUv2 (2026-10-02) missing: 1 behind, 13 days.
    const one = await at('15.2.2562.49', '2026-10-15');
    expect(one.status).toBe('warn');
    expect(one.findings[0]?.message).toMatch(
      /not current: 1 update\(s\) behind: latest known is Sep26SUv2 \(15\.2\.2562\.53\)/,
    );
    // Jul26SU .45: Aug26SU, Sep26SU, Sep26SUv2 missing, the first for 65 days: still a warn.
    const three = await at('15.2.2562.45', '2026-10-15');
    expect(three.status).toBe('warn');
    expect(three.findings[0]?.evidence).toMatchObject({ updatesBehind: 3, daysBehind: 65 });
    // Jun26SU .43: four behind fails even with the day limit out of the way.
    const four = await at('15.2.2562.43', '2026-10-15', { failAfterDaysBehind: 365 });
    expect(four.status).toBe('fail');
    expect(four.findings[0]?.evidence?.missingUpdates).toEqual([
      'Jul26SU 15.2.2562.45',
      'Aug26SU 15.2.2562.46',
      'Sep26SU 15.2.2562.49',
      'Sep26SUv2 15.2.2562.53',
    ]);
    expect(four.findings[0]?.evidence?.latestUpdate).toMatchObject({ status: 'fail' });
    expect(four.findings[0]?.evidence?.cuSupport).toMatchObject({ status: 'pass' });
    // Configurable: failAfterUpdatesBehind 0 fails one behind.
    expect((await at('15.2.2562.49', '2026-10-15', { failAfterUpdatesBehind: 0 })).status).toBe('fail');
  });

  it('fails one update behind once the missing update is out longer than failAfterDaysBehind', async () => {
    // Sep26SU .49 on 2027-01-10: Sep26SUv2 missing for 100 days.
    const r = await at('15.2.2562.49', '2027-01-10');
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.evidence?.daysBehind).toBe(100);
    const lenient = await at('15.2.2562.49', '2027-01-10', {
      failAfterDaysBehind: 365,
      knowledgeMaxAgeDays: 365,
    });
    expect(lenient.status).toBe('warn');
  });

  it('judges at the snapshot date: an update released after the snapshot is not missing', async () => {
    // Aug26SU .46 on 2026-09-01: Sep26SU (2026-09-08) was not out yet.
    expect((await at('15.2.2562.46', '2026-09-01')).status).toBe('pass');
    expect((await at('15.2.2562.46', '2026-09-08')).status).toBe('warn');
  });

  it('keeps CU support and latest update apart: 2019 CU15 Sep26SUv2 is current but out of support', async () => {
    const r = await at('15.2.1748.53', '2026-10-15');
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/out of support since 2025-10-14/);
    expect(r.findings[0]?.evidence).toMatchObject({
      installedUpdate: 'Sep26SUv2',
      cuSupport: { status: 'fail', reasons: ['out of support since 2025-10-14'] },
      latestUpdate: { status: 'pass' },
    });
    expect((await at('15.2.1748.53', '2026-10-15', { outOfSupport: 'warn' })).status).toBe('warn');
    // 2016 CU23 four updates behind: both verdicts fail, each for its own reason.
    const old = await at('15.1.2507.69', '2026-10-15', { failAfterDaysBehind: 365 });
    expect(old.findings[0]?.evidence?.cuSupport).toMatchObject({ status: 'fail' });
    expect(old.findings[0]?.evidence?.latestUpdate).toMatchObject({ status: 'fail' });
    const before = await at('15.2.1748.43', '2025-10-01');
    expect(before.findings[0]?.message).not.toMatch(/out of support/);
  });

  it('fails 2019 CU15 RTM below the April 2025 HU (scenario http-old-build)', async () => {
    const r = runCheck(check, (await cachedScenario('http-old-build')).input);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/below the April 2025 HU \(15\.2\.1748\.24\)/);
  });

  it('warns when only the CU is visible (no X-OWA-Version, /owa/auth/<build>/ in the page)', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const ews = structuredClone(input.artifacts!['http.ews']!);
    for (const p of [ews[0]!.owa, ews[0]!.bearer, ews[0]!.ews]) delete p.headers['x-owa-version'];
    const r = runCheck(check, { artifacts: { 'http.ews': ews } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.evidence?.build).toBe('15.2.2562');
    expect(r.findings[0]?.message).toMatch(/revision is not visible/);
  });

  it('reports a build above every known one as newer than the newest known update, never with its name', async () => {
    const cu = runCheck(check, { artifacts: await withBuild('15.2.2900.5') });
    expect(cu.status).toBe('warn');
    expect(cu.findings[0]?.message).toBe(
      "Build 15.2.2900.5 is newer than the newest known update (Exchange Server Subscription Edition RTM Sep26SUv2, 15.2.2562.53); this version's build knowledge is from 2026-10-02: its support and security level cannot be judged",
    );
    expect(cu.findings[0]?.evidence?.release).toBeUndefined();
    const su = await at('15.2.2562.60', '2026-11-01');
    expect(su.status).toBe('warn');
    expect(su.findings[0]?.message).toMatch(
      /revision 15\.2\.2562\.60 is newer than the newest known update \(Exchange Server Subscription Edition RTM Sep26SUv2, 15\.2\.2562\.53\); this version's build knowledge is from 2026-10-02/,
    );
    // The installed update is not labelled Sep26SUv2: the table cannot know its name.
    expect(su.findings[0]?.evidence?.installedUpdate).toBe('unknown (newer than Sep26SUv2 15.2.2562.53)');
    expect(su.findings[0]?.message).not.toMatch(/newest update known to this scanner \(Sep26SUv2\)/);
  });

  it('edge: an unsupported CU without listed updates is judged on support only, never "newest update"', async () => {
    const r = runCheck(check, { artifacts: await withBuild('15.2.1258.12'), now: '2026-12-02T00:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/not a supported CU for hybrid/);
    expect(r.findings[0]?.message).not.toMatch(/newest update|security update\(s\) behind/);
  });

  it('warns on an old build the table does not list', async () => {
    const r = runCheck(check, { artifacts: await withBuild('15.2.100.1') });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/not in the build table: older/);
  });

  it('is an error when the host never answers', async () => {
    expect(runCheck(check, (await cachedScenario('http-hang')).input).status).toBe('error');
  });

  it('compares with the CU AD shows for each server (Edge servers ignored)', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const server = (name: string, serialNumber: string, roles: number) => ({
      dn: `CN=${name}`,
      name,
      serialNumber,
      roles,
    });
    const same = runCheck(check, {
      artifacts: {
        ...input.artifacts,
        'ldap.exchangeServers': [
          server('EX01', 'Version 15.2 (Build 2562.17)', 16439),
          server('EDGE1', 'Version 15.2 (Build 1748.10)', 64),
        ],
      },
      now: '2026-03-01T00:00:00Z',
    });
    expect(same.status).toBe('pass');
    expect(same.findings[0]?.message).toMatch(/AD lists EX01 at this CU/);
    expect(same.findings[0]?.evidence?.adServers).toEqual([
      { name: 'EX01', serialNumber: 'Version 15.2 (Build 2562.17)' },
    ]);
    const other = runCheck(check, {
      artifacts: {
        ...input.artifacts,
        'ldap.exchangeServers': [server('EX02', 'Version 15.2 (Build 1748.10)', 16439)],
      },
    });
    expect(other.findings[0]?.message).toMatch(/no server in AD is at this CU \(EX02 15\.2\.1748\)/);
  });

  it('without X-OWA-Version reads the full build from the export tool manifest, else only the CU', async () => {
    const { input } = await cachedScenario('http-hidden-version');
    const r = runCheck(check, { ...input, setting: { options: { outOfSupport: 'warn' } } });
    expect(r.findings[0]?.evidence).toMatchObject({
      build: '15.2.1748.24',
      readFrom: 'assemblyIdentity version of the ECP eDiscovery export tool manifest',
      installedUpdate: 'Apr25HU',
    });
    const ews = structuredClone(input.artifacts!['http.ews']!);
    ews[0]!.exportTool = { ...ews[0]!.exportTool!, status: 404, body: undefined };
    const cuOnly = runCheck(check, { artifacts: { 'http.ews': ews } });
    expect(cuOnly.findings[0]?.evidence?.build).toBe('15.2.1748');
    expect(cuOnly.findings[0]?.message).toMatch(/revision is not visible/);
  });
});
