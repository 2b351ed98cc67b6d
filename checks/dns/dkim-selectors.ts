import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import { answerOf, brief, errorFinding, sortedDomains, texts } from './common.ts';

const options = z.strictObject({
  /**
   * Expected CNAME targets per domain from `Get-DkimSigningConfig` (Selector1CNAME/Selector2CNAME).
   * Without them either Microsoft pattern is accepted: the new `<x>-v1.dkim.mail.microsoft`
   * partition cannot be derived.
   */
  expected: z
    .record(
      z.string(),
      z.strictObject({ selector1: z.string().optional(), selector2: z.string().optional() }),
    )
    .default({}),
});

const SELECTORS = ['selector1', 'selector2'] as const;

/** The two Microsoft target patterns (legacy onmicrosoft.com; `dkim.mail.microsoft` since about May 2025). */
export function microsoftDkimTarget(
  selector: string,
  domain: string,
  target: string,
): 'legacy' | 'dkim.mail.microsoft' | undefined {
  const prefix = `${selector}-${domain.replace(/\./g, '-')}._domainkey.`;
  if (!target.startsWith(prefix)) return undefined;
  const rest = target.slice(prefix.length);
  if (/^[a-z0-9-]+\.onmicrosoft\.com$/.test(rest)) return 'legacy';
  if (/^[a-z0-9-]+\.[a-z0-9]+-v1\.dkim\.mail\.microsoft$/.test(rest)) return 'dkim.mail.microsoft';
  return undefined;
}

export default defineCheck({
  id: 'dns.dkim-selectors',
  area: 'dns',
  severity: 'warn',
  targetKind: 'domain',
  title: 'Exchange Online DKIM selector CNAMEs published',
  failureTitle: 'Exchange Online DKIM selectors missing or not pointing to Microsoft',
  description:
    'Exchange Online signs outbound mail with DKIM only when selector1._domainkey and selector2._domainkey of the domain are CNAMEs to the keys Microsoft publishes for the tenant. Without them mail falls back to the onmicrosoft.com signature and DMARC alignment depends on SPF alone.',
  remediation: {
    text: 'Read both selector CNAMEs in Exchange Online PowerShell, publish them, then enable signing.',
    powershell: [
      'Get-DkimSigningConfig -Identity <domain> | Format-List Selector1CNAME,Selector2CNAME',
      'Set-DkimSigningConfig -Identity <domain> -Enabled $true',
    ],
    dns: [
      'selector1._domainkey.<domain>. CNAME <Selector1CNAME>.',
      'selector2._domainkey.<domain>. CNAME <Selector2CNAME>.',
    ],
  },
  docs: ['https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure'],
  requires: ['dns.domains'],
  optional: ['graph.domains'],
  confidence: 'community',
  options,
  run({ artifacts, options: opts, settings }) {
    const all = artifacts['dns.domains'];
    // The tenant's initial domain: legacy targets must live under it (a CNAME into another tenant signs nothing).
    const initial = (
      artifacts['graph.domains']?.find((d) => d.isInitial)?.id ??
      (settings.tenant?.toLowerCase().endsWith('.onmicrosoft.com') ? settings.tenant : undefined)
    )?.toLowerCase();
    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const per = SELECTORS.map((sel) => ({
        sel,
        a: answerOf(answers, `${sel}._domainkey.${domain}`, 'TXT'),
      }));
      const err = errorFinding(
        domain,
        per.map((p) => p.a),
        'the DKIM selectors',
      );
      if (err) return err;
      const problems: string[] = [];
      const evidence: Record<string, unknown> = {};
      for (const { sel, a } of per) {
        evidence[sel] = brief(a);
        const target = a!.cnameChain?.[0];
        const expected = opts.expected[domain]?.[sel]?.toLowerCase().replace(/\.$/, '');
        const hasKey = texts(a).some((t) => /(^|;)\s*v=DKIM1/i.test(t) || /(^|;)\s*p=/.test(t));
        if (!target) {
          problems.push(
            hasKey
              ? `${sel}: a TXT key published directly, not a CNAME to Exchange Online (Microsoft cannot rotate it)`
              : `${sel}._domainkey.${domain} does not exist (${a!.state})`,
          );
          continue;
        }
        if (expected && target !== expected)
          problems.push(`${sel}: CNAME to ${target}, expected ${expected}`);
        else if (!expected && !microsoftDkimTarget(sel, domain, target))
          problems.push(`${sel}: CNAME to ${target}, which is not a Microsoft DKIM target for ${domain}`);
        else if (
          !expected &&
          initial &&
          microsoftDkimTarget(sel, domain, target) === 'legacy' &&
          !target.endsWith(`.${initial}`)
        )
          problems.push(`${sel}: CNAME to ${target}, which belongs to another tenant than ${initial}`);
        if (!hasKey) problems.push(`${sel}: the target ${target} publishes no DKIM key (${a!.state})`);
      }
      const status: FindingStatus = problems.length ? 'warn' : 'pass';
      return {
        target: domain,
        status,
        message: problems.length
          ? problems.join('; ')
          : 'selector1 and selector2 point to Exchange Online and publish keys',
        evidence,
      };
    });
  },
});
