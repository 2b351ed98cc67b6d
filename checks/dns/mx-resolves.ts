import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { addresses, answerOf, brief, errorFinding, isNullMx, mxRecords, sortedDomains } from './common.ts';

export default defineCheck({
  id: 'dns.mx-resolves',
  area: 'dns',
  severity: 'fail',
  targetKind: 'domain',
  title: 'MX present and resolvable',
  failureTitle: 'MX missing, null, or pointing to hosts without an address',
  description:
    'Mail for the domain, including journal reports and NDRs addressed to it, is delivered to the hosts in its MX record. No MX, a null MX (RFC 7505) or an MX host without an A/AAAA record means senders cannot deliver.',
  remediation: {
    text: 'Publish an MX record whose hosts have A or AAAA records: Exchange Online, or the on-premises/gateway host that receives inbound mail.',
    dns: ['<domain>. MX 0 <domain-with-dashes>.mail.protection.outlook.com.'],
  },
  docs: ['https://www.rfc-editor.org/rfc/rfc5321#section-5.1', 'https://www.rfc-editor.org/rfc/rfc7505'],
  requires: ['dns.domains'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const all = artifacts['dns.domains'];
    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const mx = answerOf(answers, domain, 'MX');
      const err = errorFinding(domain, [mx], 'the MX');
      if (err) return err;
      if (mx!.state === 'nxdomain')
        return {
          target: domain,
          status: 'fail',
          message: 'The domain does not exist in DNS (NXDOMAIN)',
          evidence: { mx: brief(mx) },
        };
      const records = mxRecords(mx);
      if (records.length === 0)
        return {
          target: domain,
          status: 'fail',
          message: 'No MX record (senders fall back to the A record, which is rarely a mail server)',
          evidence: { mx: brief(mx) },
        };
      if (isNullMx(records))
        return {
          target: domain,
          status: 'fail',
          message: 'Null MX (RFC 7505): the domain accepts no mail',
          evidence: { mx: brief(mx) },
        };

      const hosts = [...new Set(records.map((r) => r.exchange))];
      const perHost: Record<string, string[]> = {};
      const dangling: string[] = [];
      const aliases: string[] = [];
      for (const host of hosts) {
        const a = answerOf(answers, host, 'A');
        const aaaa = answerOf(answers, host, 'AAAA');
        const hostErr = errorFinding(domain, [a, aaaa], `MX host ${host}`);
        if (hostErr) return hostErr;
        perHost[host] = [...addresses(a), ...addresses(aaaa)];
        if (a?.cnameChain?.length || aaaa?.cnameChain?.length) aliases.push(host);
        if (perHost[host].length === 0) dangling.push(host);
      }
      const evidence = {
        mx: records.map((r) => `${r.preference} ${r.exchange}`).sort(),
        addresses: perHost,
      };
      if (dangling.length)
        return {
          target: domain,
          status: 'fail',
          message: `MX host${dangling.length > 1 ? 's' : ''} without an A/AAAA record: ${dangling.join(', ')}`,
          evidence,
        };
      if (aliases.length)
        return {
          target: domain,
          status: 'warn',
          message: `MX host${aliases.length > 1 ? 's' : ''} ${aliases.join(', ')} ${aliases.length > 1 ? 'are aliases' : 'is an alias'} (CNAME), which RFC 2181 §10.3 forbids: some senders will not deliver`,
          evidence,
        };
      return { target: domain, status: 'pass', message: `MX: ${evidence.mx.join(', ')}`, evidence };
    });
  },
});
