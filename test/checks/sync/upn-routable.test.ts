import { describe, expect, it } from 'vitest';
import check from '../../../checks/sync/upn-routable.ts';
import type { AdUser } from '../../../src/evidence/ldap.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const base = () => {
  const a = graphArtifacts();
  return { 'graph.users': a['graph.users'], 'graph.domains': a['graph.domains'] };
};

describe('sync.upn-routable', () => {
  it('passes when synced UPNs are verified and equal the primary SMTP (cloud-only admin ignored)', () => {
    const r = runCheck(check, { artifacts: base() });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/^4 synchronised users/);
  });

  it('fails for a .local suffix that fell back to onmicrosoft.com', () => {
    const a = base();
    const carol = a['graph.users'].find((u) => u.userPrincipalName === 'carol@contoso.com')!;
    carol.userPrincipalName = 'carol@contoso.onmicrosoft.com';
    carol.onPremisesUserPrincipalName = 'carol@corp.contoso.local';
    const r = runCheck(check, { artifacts: a });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(
      /corp\.contoso\.local is not a verified domain.*contoso\.onmicrosoft\.com/,
    );
  });

  it('warns when the UPN differs from the primary SMTP address', () => {
    const a = base();
    a['graph.users'][0]!.proxyAddresses = ['SMTP:alice.anders@contoso.com', 'smtp:alice@contoso.com'];
    const r = runCheck(check, { artifacts: a });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.target.label).toBe('alice@contoso.com');
  });

  it('edge: the AD UPN (LDAP) wins over what Entra reports', () => {
    const a = base();
    const ad: AdUser[] = [
      {
        dn: 'CN=x',
        proxyAddresses: [],
        objectGuid: 'q2pWyJ3+5UiqoeO2l0VBAQ==',
        userPrincipalName: 'alice@corp.contoso.com',
      },
    ];
    const r = runCheck(check, { artifacts: { ...a, 'ldap.users': ad } });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.evidence?.adUserPrincipalName).toBe('alice@corp.contoso.com');
  });
});
