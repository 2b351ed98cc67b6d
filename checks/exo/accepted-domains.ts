import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { isCoexistenceDomain, isMicrosoftOwnedDomain } from '../../src/model/microsoft-domains.ts';
import {
  listText,
  onPremHybridDomains,
  originEvidence,
  originText,
  tenantCoexistenceDomain,
} from './common.ts';

const options = z.strictObject({
  /** The tenant's coexistence domain; default <tenant>.mail.onmicrosoft.com from the config's tenant. */
  coexistenceDomain: z.string().optional(),
  /**
   * Types Exchange Online may give a domain shared by both sides of the hybrid. Authoritative by
   * default: directory synchronisation gives Exchange Online a mail user for every on-premises
   * mailbox, so it knows every recipient, routes theirs through the outbound connector to
   * on-premises, and Directory-Based Edge Blocking (which needs Authoritative) can reject unknown
   * addresses. InternalRelay is the choice when on-premises holds recipients that are not
   * synchronised (another mail system behind it): add it here if that is your design.
   */
  sharedDomainTypes: z
    .array(z.enum(['Authoritative', 'InternalRelay', 'ExternalRelay']))
    .default(['Authoritative']),
});

export default defineCheck({
  id: 'exo.accepted-domains',
  area: 'exo',
  severity: 'fail',
  targetKind: 'domain',
  title: 'Exchange Online accepted domains agree with on-premises and the tenant',
  failureTitle: 'Exchange Online accepted domains do not match the on-premises hybrid domains',
  description:
    'Every on-premises SMTP domain in the hybrid must be an accepted domain in Exchange Online (else cloud mailboxes cannot use their addresses and on-premises mail for them is relayed as foreign), the coexistence domain <tenant>.mail.onmicrosoft.com must be there as Authoritative (remote mailboxes route to it), and a domain on both sides is Authoritative in Exchange Online unless the design needs InternalRelay. A domain Entra has not verified is flagged.',
  remediation: {
    text: 'Add and verify the domain in the Microsoft 365 admin center (Exchange Online accepts verified domains), then set its type in Exchange Online PowerShell.',
    powershell: [
      'Get-AcceptedDomain | Format-List DomainName,DomainType,Default',
      'Set-AcceptedDomain -Identity <domain> -DomainType Authoritative',
    ],
    portal: 'Microsoft 365 admin center > Settings > Domains > Add domain',
  },
  docs: [
    'https://learn.microsoft.com/exchange/mail-flow-best-practices/manage-accepted-domains/manage-accepted-domains',
    'https://learn.microsoft.com/exchange/mail-flow-best-practices/use-directory-based-edge-blocking',
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
  ],
  requires: ['exo.acceptedDomains'],
  optional: ['ldap.acceptedDomains', 'ldap.hybridConfiguration', 'graph.domains'],
  confidence: 'community',
  options,
  run({ artifacts, options: opts, settings }) {
    const exo = artifacts['exo.acceptedDomains'];
    const base = originEvidence(exo);
    const src = originText(exo);
    const onPremAccepted = artifacts['ldap.acceptedDomains'];
    const graphDomains = artifacts['graph.domains'];
    const inExo = new Map(exo.domains.map((d) => [d.domainName.trim().toLowerCase(), d]));
    const { domains, from } = onPremHybridDomains(
      artifacts['ldap.hybridConfiguration'],
      onPremAccepted,
      settings,
    );
    const verified = new Map((graphDomains ?? []).map((g) => [g.id.toLowerCase(), g.isVerified]));
    const entraNote = (d: string) =>
      !graphDomains
        ? ''
        : verified.get(d) === true
          ? ' (verified in Entra)'
          : verified.has(d)
            ? ' (not verified in Entra: Exchange Online accepts only verified domains)'
            : ' (not a domain of the tenant in Entra)';
    const findings: Finding[] = [];
    for (const d of domains) {
      const row = inExo.get(d);
      const evidence = {
        ...base,
        onPremDomainsFrom: from,
        exoDomainType: row?.domainType ?? null,
        entraVerified: verified.get(d) ?? null,
      };
      if (!row) {
        findings.push({
          target: d,
          status: 'fail',
          message: `On-premises hybrid domain is not an accepted domain in Exchange Online${entraNote(d)} [${src}]`,
          evidence,
        });
        continue;
      }
      const typeOk = opts.sharedDomainTypes.some(
        (t) => t.toLowerCase() === row.domainType.trim().toLowerCase(),
      );
      findings.push({
        target: d,
        status: !typeOk || (graphDomains && verified.get(d) !== true) ? 'warn' : 'pass',
        message: !typeOk
          ? `On both sides, ${row.domainType} in Exchange Online: expected ${opts.sharedDomainTypes.join(' or ')} (checks.exo.accepted-domains.options.sharedDomainTypes)${entraNote(d)} [${src}]`
          : `On both sides, ${row.domainType} in Exchange Online${entraNote(d)} [${src}]`,
        evidence,
      });
    }
    const coex = (
      opts.coexistenceDomain ?? tenantCoexistenceDomain(settings, [...inExo.keys()])
    )?.toLowerCase();
    if (!coex)
      findings.push({
        target: 'coexistence domain',
        status: 'info',
        message: `The tenant's coexistence domain is unknown (set tenant to <name>.onmicrosoft.com, or options.coexistenceDomain); none in Exchange Online either [${src}]`,
        evidence: base,
      });
    else {
      const row = inExo.get(coex);
      findings.push({
        target: coex,
        status: !row ? 'fail' : /^authoritative$/i.test(row.domainType) ? 'pass' : 'warn',
        message: !row
          ? `The coexistence domain is not an accepted domain in Exchange Online: mail to remote mailboxes (targetAddress @${coex}) is not accepted [${src}]`
          : `Coexistence domain, ${row.domainType} in Exchange Online${/^authoritative$/i.test(row.domainType) ? '' : ' (expected Authoritative)'} [${src}]`,
        evidence: { ...base, exoDomainType: row?.domainType ?? null },
      });
    }
    // Domains Exchange Online accepts that Entra does not verify (stale, or removed from the tenant).
    if (graphDomains)
      for (const [d, row] of inExo) {
        if (domains.includes(d) || d === coex || isCoexistenceDomain(d) || isMicrosoftOwnedDomain(d))
          continue;
        if (verified.get(d) !== true)
          findings.push({
            target: d,
            status: 'warn',
            message: `Accepted in Exchange Online (${row.domainType}) but${entraNote(d)} [${src}]`,
            evidence: { ...base, exoDomainType: row.domainType, entraVerified: verified.get(d) ?? null },
          });
      }
    // On-prem accepted domains outside the hybrid set: named, so a forgotten one is visible.
    for (const a of onPremAccepted ?? []) {
      const d = a.domain.toLowerCase().replace(/^\*\./, '');
      if (domains.includes(d) || isMicrosoftOwnedDomain(d) || inExo.has(d)) continue;
      findings.push({
        target: d,
        status: 'info',
        message: `On-premises accepted domain (${a.type}) outside the hybrid (${from}) and not in Exchange Online [${src}]`,
        evidence: { ...base, onPremType: a.type },
      });
    }
    if (domains.length === 0)
      findings.push({
        target: 'on-premises domains',
        status: 'info',
        message: `No on-premises hybrid domain known (no HybridConfiguration, accepted domains or config domains): Exchange Online has ${listText([...inExo.keys()])} [${src}]`,
        evidence: base,
      });
    return findings;
  },
});
