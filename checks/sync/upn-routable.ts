import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { domainOfAddress, primarySmtpOf } from '../../src/model/primary-smtp.ts';

export default defineCheck({
  id: 'sync.upn-routable',
  area: 'sync',
  severity: 'fail',
  targetKind: 'user',
  title: 'UPN suffixes of synchronised users are verified domains',
  failureTitle: 'Synchronised users have non-routable UPN suffixes',
  description:
    "A synchronised user whose on-premises UPN suffix (for example .local) is not a verified domain gets a *.onmicrosoft.com sign-in name in Entra ID, which breaks single sign-on and MailStore's Microsoft 365 login for that user. Microsoft also recommends that the UPN equals the primary SMTP address.",
  remediation:
    "Add a routable UPN suffix in Active Directory Domains and Trusts (the verified mail domain), change the users' UPNs to it, and let Entra Connect sync them. Align UPNs with primary SMTP addresses where possible.",
  docs: [
    'https://learn.microsoft.com/graph/api/resources/user',
    'https://learn.microsoft.com/microsoft-365/enterprise/prepare-a-non-routable-domain-for-directory-synchronization',
  ],
  requires: ['graph.users', 'graph.domains'],
  optional: ['ldap.users'],
  confidence: 'confirmed',
  run({ artifacts, model }) {
    const verified = new Set(
      artifacts['graph.domains'].filter((d) => d.isVerified).map((d) => d.id.toLowerCase()),
    );
    const ad = artifacts['ldap.users'];
    const synced = artifacts['graph.users'].filter((u) => u.onPremisesSyncEnabled === true);
    const findings: Finding[] = [];
    for (const u of synced) {
      const adUser = model.users.adFor(u);
      const onPremUpn = adUser?.userPrincipalName ?? u.onPremisesUserPrincipalName ?? undefined;
      const onPremSuffix = domainOfAddress(onPremUpn);
      const cloudSuffix = domainOfAddress(u.userPrincipalName);
      const smtp = primarySmtpOf(u);
      if (onPremSuffix && !verified.has(onPremSuffix)) {
        findings.push({
          target: u.userPrincipalName,
          status: 'fail',
          message: `On-premises UPN suffix @${onPremSuffix} is not a verified domain${cloudSuffix?.endsWith('.onmicrosoft.com') ? `: Entra ID fell back to @${cloudSuffix}` : ''}`,
          evidence: evidenceOf(u, adUser, smtp),
        });
        continue;
      }
      if (!onPremSuffix && cloudSuffix?.endsWith('.onmicrosoft.com')) {
        findings.push({
          target: u.userPrincipalName,
          status: 'fail',
          message: `Synchronised user signs in as @${cloudSuffix}: its on-premises UPN suffix is not a verified domain`,
          evidence: evidenceOf(u, adUser, smtp),
        });
        continue;
      }
      if (smtp && smtp !== u.userPrincipalName.toLowerCase()) {
        findings.push({
          target: u.userPrincipalName,
          status: 'warn',
          message: `UPN differs from the primary SMTP address ${smtp}`,
          evidence: evidenceOf(u, adUser, smtp),
        });
      }
    }
    if (findings.length === 0)
      findings.push({
        target: 'synchronised users',
        status: 'pass',
        message: `${synced.length} synchronised users have verified UPN suffixes matching their primary SMTP address${ad ? '' : ' (cloud side; AD UPNs read from Entra)'}`,
        evidence: { synchronised: synced.length, verifiedDomains: [...verified] },
      });
    return findings;
  },
});

/** Built only for a finding (no closure per user): most users pass, and 100,000 unused objects cost real time. */
function evidenceOf(u: GraphUser, adUser: AdUser | undefined, smtp: string | undefined) {
  return {
    userPrincipalName: u.userPrincipalName,
    onPremisesUserPrincipalName: u.onPremisesUserPrincipalName ?? null,
    adUserPrincipalName: adUser?.userPrincipalName,
    primarySmtp: smtp,
  };
}
