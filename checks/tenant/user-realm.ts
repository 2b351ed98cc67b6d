import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

export default defineCheck({
  id: 'tenant.user-realm',
  area: 'tenant',
  severity: 'fail',
  targetKind: 'tenant',
  title: 'Each mail domain has a known sign-in realm (Managed or Federated)',
  failureTitle: 'A mail domain is unknown to Entra ID or served by another cloud',
  description:
    'Entra ID tells anyone how a domain signs in: Managed (cloud or hash/pass-through) or Federated (AD FS or a third-party IdP). A federated domain is a valid reason to synchronise MailStore users from the local AD over LDAP; an Unknown domain is in no tenant at all.',
  remediation:
    'Unknown: add and verify the domain in the tenant (Microsoft 365 admin center > Settings > Domains). Federated: decide whether MailStore synchronises users from Microsoft 365 (sign-in through the IdP) or from the local AD over LDAP, as the MailStore hybrid guide describes.',
  docs: [
    'https://learn.microsoft.com/graph/api/resources/domain',
    'https://help.mailstore.com/en/server/Synchronizing_User_Accounts_with_Microsoft_365',
  ],
  requires: ['openid.userRealm'],
  optional: ['graph.domains'],
  confidence: 'community',
  run({ artifacts }) {
    const graphDomains = artifacts['graph.domains'];
    return Object.values(artifacts['openid.userRealm']).map((r): Finding => {
      const cloudDomain = graphDomains?.find((d) => d.id.toLowerCase() === r.domain.toLowerCase());
      const evidence = {
        url: r.url,
        NameSpaceType: r.NameSpaceType,
        CloudInstanceName: r.CloudInstanceName,
        FederationBrandName: r.FederationBrandName,
        AuthURL: r.AuthURL,
        federation_protocol: r.federation_protocol,
        graphAuthenticationType: cloudDomain?.authenticationType,
      };
      const target = r.domain;
      if (r.fault) return { target, status: 'error', message: `getuserrealm failed: ${r.fault}`, evidence };
      const type = r.NameSpaceType ?? '(none)';
      if (type === 'Unknown' || !r.NameSpaceType)
        return {
          target,
          status: 'fail',
          message: `NameSpaceType ${type}: the domain is not in any Entra ID tenant`,
          evidence,
        };
      if (r.CloudInstanceName && r.CloudInstanceName !== 'microsoftonline.com')
        return {
          target,
          status: 'fail',
          message: `Domain is served by cloud instance ${r.CloudInstanceName}, not the global cloud (microsoftonline.com)`,
          evidence,
        };
      const mismatch =
        cloudDomain?.authenticationType &&
        cloudDomain.authenticationType.toLowerCase() !== type.toLowerCase();
      if (type === 'Federated') {
        const sts = r.AuthURL ? safeHost(r.AuthURL) : undefined;
        return {
          target,
          status: 'warn',
          message: `Federated${sts ? ` through ${sts}` : ''}${r.federation_protocol ? ` (${r.federation_protocol})` : ''}: a local AD FS or third-party IdP signs users in. MailStore may need to synchronise users from the local AD (LDAP) instead of Microsoft 365`,
          evidence,
        };
      }
      if (mismatch)
        return {
          target,
          status: 'warn',
          message: `getuserrealm says ${type} but Graph says ${cloudDomain?.authenticationType}: a federation change may be in progress`,
          evidence,
        };
      return { target, status: 'pass', message: `${type} (cloud sign-in, no federation)`, evidence };
    });
  },
});

function safeHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
