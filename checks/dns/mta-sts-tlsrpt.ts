import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import { mxPatternMatches, tlsRptRuaProblems } from '../../src/model/mta-sts.ts';
import { answerOf, brief, errorFinding, isNullMx, mxRecords, sortedDomains, tags, texts } from './common.ts';

const RANK: Record<FindingStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };

export default defineCheck({
  id: 'dns.mta-sts-tlsrpt',
  area: 'dns',
  severity: 'warn',
  targetKind: 'domain',
  title: 'MTA-STS and TLS-RPT consistent with the MX',
  failureTitle: 'MTA-STS policy inconsistent with the MX, or unreachable',
  description:
    'An MTA-STS policy (RFC 8461) makes senders require TLS to the MX hosts it lists; TLS-RPT (RFC 8460) reports failures. A policy whose mx: lines miss a current MX host (typically after moving to *.mx.microsoft) or that cannot be fetched over trusted HTTPS makes enforcing senders defer or drop mail, journal reports included.',
  remediation: {
    text: 'Keep https://mta-sts.<domain>/.well-known/mta-sts.txt served with a trusted certificate for mta-sts.<domain>, list every MX host in it exactly as published, or with a wildcard that stands for one label only (RFC 8461 §4.1: `mx: *.mail.protection.outlook.com` covers `contoso-com.mail.protection.outlook.com`; for the DNSSEC endpoint `contoso-com.p-v1.mx.microsoft` write that host or `mx: *.p-v1.mx.microsoft`, because `*.mx.microsoft` does not match it), change the id= in _mta-sts after each policy change, and publish a TLS-RPT record.',
    dns: [
      '_mta-sts.<domain>. TXT "v=STSv1; id=<new id>"',
      '_smtp._tls.<domain>. TXT "v=TLSRPTv1; rua=mailto:<report address>"',
    ],
  },
  docs: ['https://www.rfc-editor.org/rfc/rfc8461', 'https://www.rfc-editor.org/rfc/rfc8460'],
  requires: ['dns.domains', 'dns.mtaSts'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const all = artifacts['dns.domains'];
    const fetches = artifacts['dns.mtaSts'];
    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const sts = answerOf(answers, `_mta-sts.${domain}`, 'TXT');
      const rpt = answerOf(answers, `_smtp._tls.${domain}`, 'TXT');
      const mx = answerOf(answers, domain, 'MX');
      const err = errorFinding(domain, [sts, rpt, mx], 'MTA-STS/TLS-RPT');
      if (err) return err;
      const stsRecs = texts(sts).filter((t) => /^v=STSv1\s*(;|$)/.test(t.trim()));
      const rptRecs = texts(rpt).filter((t) => /^v=TLSRPTv1\s*(;|$)/.test(t.trim()));
      const fetch = fetches[domain];
      const evidence = { mtaSts: brief(sts), tlsRpt: brief(rpt), policyFetch: fetch };
      if (stsRecs.length === 0 && rptRecs.length === 0)
        return {
          target: domain,
          status: 'info',
          message: 'Neither MTA-STS nor TLS-RPT is published',
          evidence,
        };
      if (stsRecs.length === 0)
        return { target: domain, status: 'info', message: 'TLS-RPT is published, MTA-STS is not', evidence };

      const items: { status: FindingStatus; text: string }[] = [];
      if (stsRecs.length > 1)
        items.push({
          status: 'warn',
          text: `${stsRecs.length} _mta-sts records (senders treat it as no policy)`,
        });
      if (!tags(stsRecs[0]!).id) items.push({ status: 'warn', text: '_mta-sts record has no id=' });
      if (!fetch) items.push({ status: 'error', text: 'the policy was not fetched' });
      else if (fetch.dnsState) items.push({ status: 'error', text: `policy host unknown: ${fetch.fault}` });
      else if (fetch.fault)
        items.push({
          status: 'warn',
          text: `policy announced but not retrievable over trusted HTTPS: ${fetch.fault}`,
        });
      else if (fetch.httpStatus !== 200)
        items.push({ status: 'warn', text: `policy URL answered HTTP ${fetch.httpStatus}` });
      else if (fetch.policy) {
        for (const p of fetch.problems ?? []) items.push({ status: 'warn', text: `policy: ${p}` });
        const hosts = isNullMx(mxRecords(mx)) ? [] : mxRecords(mx).map((r) => r.exchange);
        const uncovered = hosts.filter((h) => !fetch.policy!.mx.some((p) => mxPatternMatches(p, h)));
        if (fetch.policy.mode !== 'none' && uncovered.length)
          items.push({
            status: 'warn',
            text: `mode ${fetch.policy.mode}: MX host${uncovered.length > 1 ? 's' : ''} ${uncovered.join(', ')} not matched by mx: ${fetch.policy.mx.join(', ')}`,
          });
        else items.push({ status: 'pass', text: `policy mode ${fetch.policy.mode} covers every MX host` });
      }
      if (rptRecs.length === 0)
        items.push({ status: 'info', text: 'no TLS-RPT record: TLS failures go unreported' });
      else if (!tags(rptRecs[0]!).rua) items.push({ status: 'warn', text: 'TLS-RPT record without rua=' });
      else {
        const rua = tags(rptRecs[0]!).rua!;
        const bad = tlsRptRuaProblems(rua);
        if (bad.length) for (const b of bad) items.push({ status: 'warn', text: `TLS-RPT ${b}` });
        else items.push({ status: 'pass', text: `TLS-RPT reports to ${rua}` });
      }
      const status = items.reduce<FindingStatus>((w, i) => (RANK[i.status] > RANK[w] ? i.status : w), 'pass');
      return { target: domain, status, message: items.map((i) => i.text).join('; '), evidence };
    });
  },
});
