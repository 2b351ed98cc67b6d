import { describe, expect, it } from 'vitest';
import check from '../../../checks/hybrid/first-party-sp-hygiene.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts, NOW } from '../app/graph-artifacts.ts';

const artifacts = () => {
  const a = graphArtifacts();
  return {
    'graph.exoServicePrincipal': a['graph.exoServicePrincipal'],
    'graph.hybridApps': a['graph.hybridApps'],
  };
};
const authCert = {
  keyId: 'k',
  type: 'AsymmetricX509Cert',
  usage: 'Verify',
  displayName: 'CN=Microsoft Exchange Server Auth Certificate',
  endDateTime: '2027-06-01T00:00:00Z',
};

describe('hybrid.first-party-sp-hygiene', () => {
  it('passes (keys cleaned up) and lists the registered on-prem URLs as info', () => {
    const r = runCheck(check, { artifacts: artifacts(), now: NOW });
    expect(r.findings.map((f) => f.status)).toEqual(['pass', 'info']);
    expect(r.findings[1]?.message).toContain('https://mail.contoso.com/');
    expect(r.findings[1]?.message).not.toContain('outlook.office365.com');
  });
  it('warns when auth certificates remain although the dedicated app exists', () => {
    const a = artifacts();
    a['graph.exoServicePrincipal']!.keyCredentials = [authCert];
    const r = runCheck(check, { artifacts: a, now: NOW });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/reset them/);
  });
  // Leftover keys on the shared service principal are the CVE-2025-53786 exposure (Microsoft advisory,
  // https://msrc.microsoft.com/update-guide/vulnerability/CVE-2025-53786): a warn with or without the
  // dedicated app; the first-party-sp-blocked date (data/microsoft-deadlines.json) changes the wording.
  it('edge: without a dedicated app leftover keys are still a warn naming CVE-2025-53786', () => {
    const a = artifacts();
    a['graph.exoServicePrincipal']!.keyCredentials = [authCert];
    a['graph.hybridApps'] = [];
    const after = runCheck(check, { artifacts: a, now: '2026-11-01T00:00:00Z' });
    expect(after.status).toBe('warn');
    expect(after.findings[0]?.message).toMatch(/CVE-2025-53786.*blocked since 2025-10-31/);
    const before = runCheck(check, { artifacts: a, now: '2025-09-01T00:00:00Z' });
    expect(before.status).toBe('warn');
    expect(before.findings[0]?.message).toMatch(/before 2025-10-31/);
  });
  it('edge: no EXO service principal at all warns; no on-prem SPNs says HMA is not configured', () => {
    expect(runCheck(check, { artifacts: { 'graph.exoServicePrincipal': null } }).status).toBe('warn');
    const a = artifacts();
    a['graph.exoServicePrincipal']!.servicePrincipalNames = ['https://outlook.office365.com/'];
    expect(runCheck(check, { artifacts: a }).findings[1]?.message).toMatch(/not configured/);
  });
});
