import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { applicablePolicy, type DmarcLookup, discoverDmarc, isDmarcRecord } from '../../src/model/dmarc.ts';
import { answerOf, brief, errorFinding, faultOf, sortedDomains, texts } from './common.ts';

export default defineCheck({
  id: 'dns.dmarc',
  area: 'dns',
  severity: 'warn',
  targetKind: 'domain',
  title: 'DMARC record with an enforcing policy',
  failureTitle: 'DMARC missing or not enforcing',
  description:
    'DMARC (RFC 9989, formerly RFC 7489) tells receivers what to do with mail that fails SPF and DKIM alignment, and where to report it. Without a record, or with p=none, spoofed mail in the domain’s name is delivered and misconfigured senders go unnoticed.',
  remediation: {
    text: 'Publish a DMARC record with p=none, watch the reports until every legitimate sender (Exchange Online, on-premises, gateways) aligns, then move to p=quarantine or p=reject.',
    dns: ['_dmarc.<domain>. TXT "v=DMARC1; p=none; rua=mailto:<report address>"'],
  },
  docs: [
    'https://www.rfc-editor.org/rfc/rfc9989',
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
      const err = errorFinding(domain, [own], 'DMARC');
      if (err) return err;
      const lookup = (name: string): DmarcLookup => {
        const a = answerOf(answers, `_dmarc.${name}`, 'TXT');
        if (!a) return { state: 'not-queried' };
        const fault = faultOf(a);
        if (fault) return { state: 'fault', fault };
        return { state: 'answered', records: texts(a).filter(isDmarcRecord) };
      };
      const walk = discoverDmarc(domain, lookup);
      if (walk.fault)
        return {
          target: domain,
          status: 'error',
          message: `Cannot check DMARC: the tree walk needs _dmarc.${walk.fault.name}: ${walk.fault.fault}`,
          evidence: { answer: brief(answerOf(answers, `_dmarc.${walk.fault.name}`, 'TXT')) },
        };
      const ownMultiple = walk.multiple.find((m) => m.name === domain);
      const found = walk.found;
      const evidence = {
        record: found ? `_dmarc.${found.name}` : `_dmarc.${domain}`,
        answer: brief(found ? answerOf(answers, `_dmarc.${found.name}`, 'TXT') : own),
        organizationalDomain: walk.organizationalDomain,
        ...(walk.unread.length ? { notRead: walk.unread.map((n) => `_dmarc.${n}`) } : {}),
      };
      if (ownMultiple)
        return {
          target: domain,
          status: 'warn',
          message: `${ownMultiple.count} DMARC records at _dmarc.${domain}: receivers discard them all${found ? ` and use the record at _dmarc.${found.name}` : ''}`,
          evidence,
        };
      if (!found) return { target: domain, status: 'warn', message: 'No DMARC record', evidence };
      const from = found.inherited ? `, inherited from ${found.name}` : '';
      const t = found.parsed.tags;
      if (found.parsed.problems.length)
        return {
          target: domain,
          status: 'warn',
          message: `Invalid DMARC record at _dmarc.${found.name}: ${found.parsed.problems.join('; ')}`,
          evidence: { ...evidence, problems: found.parsed.problems },
        };
      const policy = applicablePolicy(found);
      const detail = { ...evidence, policy, pct: t.pct, rua: t.rua, ...(t.t ? { testMode: t.t } : {}) };
      if (!policy)
        return {
          target: domain,
          status: 'warn',
          message: `DMARC record without a p= tag${from}: receivers treat it as p=none (RFC 9989 §4.7)`,
          evidence: detail,
        };
      if (policy === 'none')
        return {
          target: domain,
          status: 'warn',
          message: `DMARC policy is p=none (monitoring only)${from}`,
          evidence: detail,
        };
      // RFC 9989 §4.7: t=y asks receivers to apply one level less (reject → quarantine, quarantine → none).
      if (t.t?.toLowerCase() === 'y')
        return {
          target: domain,
          status: 'warn',
          message: `DMARC p=${policy} is in test mode (t=y)${from}: receivers apply ${policy === 'reject' ? 'quarantine' : 'none'} instead, so it is not enforcing as published`,
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
        message: `DMARC p=${policy}${found.inherited ? ` (inherited from ${found.name})` : ''}${t.rua ? '' : ', without aggregate reports (rua)'}`,
        evidence: detail,
      };
    });
  },
});
