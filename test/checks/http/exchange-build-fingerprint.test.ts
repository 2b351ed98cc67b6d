import { describe, expect, it } from 'vitest';
import check from '../../../checks/http/exchange-build-fingerprint.ts';
import { runCheck } from '../../helpers/check.ts';
import { cachedScenario } from '../../helpers/http.ts';

describe('http.exchange-build-fingerprint', () => {
  it('passes for Exchange SE 15.2.2562.37 read from X-OWA-Version', async () => {
    const r = runCheck(check, (await cachedScenario('contoso-ready')).input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      build: '15.2.2562.37',
      release: 'Exchange Server Subscription Edition RTM',
    });
  });

  it('warns for 2019 CU15 below the April 2025 HU', async () => {
    const r = runCheck(check, (await cachedScenario('http-old-build')).input);
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/15\.2\.1748\.10 is below the April 2025 HU \(15\.2\.1748\.24\)/);
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

  it('warns on a build the table does not know', async () => {
    const { input } = await cachedScenario('contoso-ready');
    const ews = structuredClone(input.artifacts!['http.ews']!);
    ews[0]!.owa.headers['x-owa-version'] = ['15.2.9999.1'];
    const r = runCheck(check, { artifacts: { 'http.ews': ews } });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/not in the build table/);
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
    const r = runCheck(check, input);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      build: '15.2.1748.24',
      readFrom: 'assemblyIdentity version of the ECP eDiscovery export tool manifest',
    });
    const ews = structuredClone(input.artifacts!['http.ews']!);
    ews[0]!.exportTool = { ...ews[0]!.exportTool!, status: 404, body: undefined };
    const cuOnly = runCheck(check, { artifacts: { 'http.ews': ews } });
    expect(cuOnly.status).toBe('warn');
    expect(cuOnly.findings[0]?.evidence?.build).toBe('15.2.1748');
  });
});
