import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/exchange-build-fingerprint.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

// Primary source of every build below: microsoft/CSS-Exchange Shared/Get-ExchangeBuildVersionInformation.ps1
// @ f88378b (HealthChecker's build dictionary, last build change Feb26SU); end of support of 2016/2019:
// learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates.

/** contoso-ready's EWS probe with the X-OWA-Version header replaced. */
async function withBuild(build: string) {
  const { input } = await cachedScenario('contoso-ready');
  const ews = structuredClone(input.artifacts!['http.ews']!);
  ews[0]!.owa.headers['x-owa-version'] = [build];
  return { 'http.ews': ews };
}

describe('http.exchange-build-fingerprint', () => {
  it('passes for SE RTM Feb26SU 15.2.2562.37 while the build table is fresh (HealthChecker L883)', async () => {
    const r = runCheck(check, {
      ...(await cachedScenario('contoso-ready')).input,
      now: '2026-03-01T00:00:00Z',
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      build: '15.2.2562.37',
      release: 'Exchange Server Subscription Edition RTM',
      installedUpdate: 'Feb26SU',
      missingUpdates: [],
    });
  });

  it('warns at the newest known update once the table is older than 90 days at the snapshot date', async () => {
    const r = runCheck(check, {
      ...(await cachedScenario('contoso-ready')).input,
      now: '2026-12-02T00:00:00Z',
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/builds released after 2026-04-02 are unknown to this version/);
    const relaxed = runCheck(check, {
      ...(await cachedScenario('contoso-ready')).input,
      now: '2026-12-02T00:00:00Z',
      setting: { options: { knowledgeMaxAgeDays: 400 } },
    });
    expect(relaxed.status).toBe('pass');
  });

  it('warns one update behind (SE Dec25SU .35, Feb26SU out) and fails two behind (Oct25SU .29)', async () => {
    const one = runCheck(check, { artifacts: await withBuild('15.2.2562.35'), now: '2026-03-01T00:00:00Z' });
    expect(one.status).toBe('warn');
    expect(one.findings[0]?.message).toMatch(
      /1 security update\(s\) behind: latest known is Feb26SU \(15\.2\.2562\.37\)/,
    );
    const two = runCheck(check, { artifacts: await withBuild('15.2.2562.29'), now: '2026-03-01T00:00:00Z' });
    expect(two.status).toBe('fail');
    expect(two.findings[0]?.evidence?.missingUpdates).toEqual([
      'Dec25SU 15.2.2562.35',
      'Feb26SU 15.2.2562.37',
    ]);
  });

  it('fails one update behind once the missing update is out longer than failAfterDaysBehind', async () => {
    const r = runCheck(check, { artifacts: await withBuild('15.2.2562.35'), now: '2026-06-01T00:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.evidence?.daysBehind).toBe(120);
    const lenient = runCheck(check, {
      artifacts: await withBuild('15.2.2562.35'),
      now: '2026-06-01T00:00:00Z',
      setting: { options: { failAfterDaysBehind: 365, knowledgeMaxAgeDays: 365 } },
    });
    expect(lenient.status).toBe('warn');
  });

  it('judges at the snapshot date: an update released after the snapshot is not missing', async () => {
    const r = runCheck(check, { artifacts: await withBuild('15.2.2562.35'), now: '2026-01-15T00:00:00Z' });
    expect(r.status).toBe('pass');
  });

  it('fails Exchange 2019 CU15 Feb26SU: out of support since 2025-10-14 (configurable to warn)', async () => {
    const r = runCheck(check, { artifacts: await withBuild('15.2.1748.43'), now: '2026-03-01T00:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/out of support since 2025-10-14/);
    const warnOnly = runCheck(check, {
      artifacts: await withBuild('15.2.1748.43'),
      now: '2026-03-01T00:00:00Z',
      setting: { options: { outOfSupport: 'warn' } },
    });
    expect(warnOnly.status).toBe('warn');
    const before = runCheck(check, {
      artifacts: await withBuild('15.2.1748.43'),
      now: '2025-10-01T00:00:00Z',
    });
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

  it('reports a build above every known one as newer than its knowledge, never with a known name', async () => {
    const cu = runCheck(check, { artifacts: await withBuild('15.2.2900.5') });
    expect(cu.status).toBe('warn');
    expect(cu.findings[0]?.message).toMatch(/newer than this scanner's knowledge \(known as of 2026-04-02\)/);
    expect(cu.findings[0]?.message).not.toMatch(/Feb26SU|Subscription Edition RTM/);
    const su = runCheck(check, { artifacts: await withBuild('15.2.2562.60'), now: '2026-03-01T00:00:00Z' });
    expect(su.status).toBe('warn');
    expect(su.findings[0]?.message).toMatch(/revision newer than this scanner's knowledge/);
    expect(su.findings[0]?.message).not.toMatch(/Feb26SU/);
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
