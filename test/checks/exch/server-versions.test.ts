import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/server-versions.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

const withSerial = (serial: string, roles?: number) => {
  const a = ldapArtifacts();
  a['ldap.exchangeServers'][0]!.serialNumber = serial;
  if (roles !== undefined) a['ldap.exchangeServers'][0]!.roles = roles;
  return { artifacts: { 'ldap.exchangeServers': a['ldap.exchangeServers'] } };
};

describe('exch.server-versions', () => {
  it('passes for Exchange Server SE', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 2562.17)'));
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/Exchange Server Subscription Edition RTM .*supported CU/);
  });

  it('fails for Exchange 2019 CU13', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 1258.12)'));
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/CU13/);
  });

  // End of support 2025-10-14: learn.microsoft.com/exchange/new-features/build-numbers-and-release-dates.
  it('fails Exchange 2019 CU15 after 2025-10-14: meets the CU rule but is out of support', () => {
    const r = runCheck(check, { ...withSerial('Version 15.2 (Build 1748.10)'), now: '2026-11-25T00:00:00Z' });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/out of support since 2025-10-14/);
    expect(r.findings[0]?.message).toMatch(/see http\.exchange-build-fingerprint/);
  });

  it('only warns for out-of-support 2016/2019 with outOfSupport: warn, and before the date', () => {
    const opt = runCheck(check, {
      ...withSerial('Version 15.1 (Build 2507.6)'),
      now: '2026-11-25T00:00:00Z',
      setting: { options: { outOfSupport: 'warn' } },
    });
    expect(opt.status).toBe('warn');
    const before = runCheck(check, {
      ...withSerial('Version 15.2 (Build 1748.10)'),
      now: '2025-10-13T00:00:00Z',
    });
    expect(before.status).toBe('warn');
    expect(before.findings[0]?.message).toMatch(/ends support on 2025-10-14/);
  });

  it('reports an Edge server as info and fails when no Mailbox server is left', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 1258.12)', 64));
    expect(r.findings.find((f) => f.target.label === 'EX01')?.status).toBe('info');
    expect(r.findings.find((f) => f.target.label === 'organisation')?.status).toBe('fail');
  });

  // Build table (data/exchange-builds.json, knownAsOf 2026-10-02): Exchange SE has only the RTM CU
  // (15.2.2562), its newest update Sep26SUv2 15.2.2562.53 (CVE-2026-96940); there is no SE CU1.
  it('warns for a later SE CU the table does not know: newer than the newest known update, not a known name', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 2700.5)'));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toBe(
      "CU build 15.2.2700 is newer than the newest known update (Exchange Server Subscription Edition RTM Sep26SUv2, 15.2.2562.53); this version's build knowledge is from 2026-10-02: its support cannot be judged",
    );
    expect(r.findings[0]?.evidence?.release).toBeUndefined();
  });

  it('edge: a known CU below every newer build still passes on the CU rule alone (SE RTM from AD)', () => {
    const r = runCheck(check, { ...withSerial('Version 15.2 (Build 2562.17)'), now: '2026-12-01T00:00:00Z' });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).not.toMatch(/newer than/);
  });
});
