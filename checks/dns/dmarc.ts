import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { organizationalDomain } from '../../src/model/dns-names.ts';
import { answerOf, brief, errorFinding, sortedDomains, tags, texts } from './common.ts';

export default defineCheck({
  id: 'dns.dmarc',
  area: 'dns',
  severity: 'warn',
  targetKind: 'domain',
  title: 'DMARC record with an enforcing policy',
  failureTitle: 'DMARC missing or not enforcing',
  description:
    'DMARC (RFC 7489) tells receivers what to do with mail that fails SPF and DKIM alignment, and where to report it. Without a record, or with p=none, spoofed mail in the domain’s name is delivered and misconfigured senders go unnoticed.',
  remediation: {
    text: 'Publish a DMARC record with p=none, watch the reports until every legitimate sender (Exchange Online, on-premises, gateways) aligns, then move to p=quarantine or p=reject.',
    dns: ['_dmarc.<domain>. TXT "v=DMARC1; p=none; rua=mailto:<report address>"'],
  },
  docs: [
    'https://www.rfc-editor.org/rfc/rfc7489',
    'https://learn.microsoft.com/defender-office-365/email-authentication-dmarc-configure',
  ],
  requires: ['dns.domains'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const all = artifacts['dns.domains'];
    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const own = answerOf(answers, `_dmarc.${domain}`, 'TXT');
      const org = organizationalDomain(domain);
      const orgAnswer = org !== domain ? answerOf(answers, `_dmarc.${org}`, 'TXT') : undefined;
      const err = errorFinding(domain, [own], 'DMARC');
      if (err) return err;
      const pick = (a: typeof own) => texts(a).filter((t) => /^v=DMARC1\s*(;|$)/.test(t.trim()));
      let records = pick(own);
      let from = `_dmarc.${domain}`;
      let inherited = false;
      if (records.length === 0 && orgAnswer) {
        const orgErr = errorFinding(domain, [orgAnswer], 'DMARC of the organisational domain');
        if (orgErr) return orgErr;
        records = pick(orgAnswer);
        from = `_dmarc.${org}`;
        inherited = records.length > 0;
      }
      const evidence = { record: from, answer: brief(inherited ? orgAnswer : own) };
      if (records.length === 0)
        return { target: domain, status: 'warn', message: 'No DMARC record', evidence };
      if (records.length > 1)
        return {
          target: domain,
          status: 'warn',
          message: `${records.length} DMARC records at ${from}: receivers ignore them all`,
          evidence,
        };
      const t = tags(records[0]!);
      const policy = (inherited ? (t.sp ?? t.p) : t.p)?.toLowerCase();
      const detail = { ...evidence, policy, pct: t.pct, rua: t.rua };
      if (!policy || !['none', 'quarantine', 'reject'].includes(policy))
        return {
          target: domain,
          status: 'warn',
          message: `DMARC record without a valid p= tag (${policy ?? 'missing'})`,
          evidence: detail,
        };
      if (policy === 'none')
        return {
          target: domain,
          status: 'warn',
          message: `DMARC policy is p=none (monitoring only)${inherited ? `, inherited from ${org}` : ''}`,
          evidence: detail,
        };
      const pct = t.pct === undefined ? 100 : Number(t.pct);
      if (pct < 100)
        return {
          target: domain,
          status: 'info',
          message: `DMARC p=${policy} applied to ${pct}% of failing mail`,
          evidence: detail,
        };
      return {
        target: domain,
        status: 'pass',
        message: `DMARC p=${policy}${inherited ? ` (from the organisational domain ${org})` : ''}${t.rua ? '' : ', without aggregate reports (rua)'}`,
        evidence: detail,
      };
    });
  },
});
