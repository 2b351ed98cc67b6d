import { describe, expect, it } from 'vitest';
import check from '../../../checks/tenant/user-realm.ts';
import type { UserRealm } from '../../../src/evidence/openid.ts';
import { runCheck } from '../../helpers/check.ts';
import { graphArtifacts } from '../app/graph-artifacts.ts';

const realm = (domain: string, extra: Partial<UserRealm>): Record<string, UserRealm> => ({
  [domain]: {
    domain,
    url: `https://login.example/getuserrealm.srf?login=probe@${domain}`,
    httpStatus: 200,
    ...extra,
  },
});

describe('tenant.user-realm', () => {
  it('passes for a Managed domain in the global cloud', () => {
    const r = runCheck(check, {
      artifacts: {
        'openid.userRealm': realm('contoso.com', {
          NameSpaceType: 'Managed',
          CloudInstanceName: 'microsoftonline.com',
        }),
      },
    });
    expect(r.status).toBe('pass');
  });

  it('fails for an Unknown domain', () => {
    const r = runCheck(check, {
      artifacts: { 'openid.userRealm': realm('fabrikam.com', { NameSpaceType: 'Unknown' }) },
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/not in any Entra ID tenant/);
  });

  it('fails for a domain served by a national cloud instance', () => {
    const r = runCheck(check, {
      artifacts: {
        'openid.userRealm': realm('contoso.us', {
          NameSpaceType: 'Managed',
          CloudInstanceName: 'microsoftonline.us',
        }),
      },
    });
    expect(r.status).toBe('fail');
  });

  it('warns for a Federated domain and names the STS host', () => {
    const r = runCheck(check, {
      artifacts: {
        'openid.userRealm': realm('contoso.com', {
          NameSpaceType: 'Federated',
          CloudInstanceName: 'microsoftonline.com',
          AuthURL: 'https://sts.contoso.com/adfs/ls/?username=probe%40contoso.com',
          federation_protocol: 'WSTrust',
        }),
      },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toContain('sts.contoso.com');
  });

  it('edge: warns when Graph disagrees with getuserrealm (federation change in progress)', () => {
    const domains = graphArtifacts()['graph.domains'];
    domains[0]!.authenticationType = 'Federated';
    const r = runCheck(check, {
      artifacts: {
        'openid.userRealm': realm('contoso.com', {
          NameSpaceType: 'Managed',
          CloudInstanceName: 'microsoftonline.com',
        }),
        'graph.domains': domains,
      },
    });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.evidence?.graphAuthenticationType).toBe('Federated');
  });

  it('edge: a network fault is an error, not Unknown', () => {
    const r = runCheck(check, {
      artifacts: { 'openid.userRealm': realm('contoso.com', { httpStatus: undefined, fault: 'ECONNRESET' }) },
    });
    expect(r.status).toBe('error');
  });
});
