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
    expect(r.findings[0]?.message).toMatch(/Exchange Server SE/);
  });

  it('fails for Exchange 2019 CU13', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 1258.12)'));
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/CU13/);
  });

  it('warns for Exchange 2019 CU15: meets the CU rule but is out of support', () => {
    const r = runCheck(check, { ...withSerial('Version 15.2 (Build 1748.10)'), now: '2026-11-25T00:00:00Z' });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/out of support since 2025-10-14/);
  });

  it('reports an Edge server as info and fails when no Mailbox server is left', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 1258.12)', 64));
    expect(r.findings.find((f) => f.target.label === 'EX01')?.status).toBe('info');
    expect(r.findings.find((f) => f.target.label === 'organisation')?.status).toBe('fail');
  });

  it('passes for a later SE build the table does not know yet', () => {
    const r = runCheck(check, withSerial('Version 15.2 (Build 2700.5)'));
    expect(r.status).toBe('pass');
  });
});
