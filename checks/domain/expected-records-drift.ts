import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import { spfRecords } from '../../src/model/spf/parse.ts';
import { answerOf, faultOf, mxRecords, texts } from '../dns/common.ts';

const options = z.strictObject({
  /**
   * auto: a hybrid unless AD was scanned and shows no Exchange server and no Autodiscover SCP
   * (this scanner's purpose is hybrids); yes/no force it.
   */
  hybrid: z.enum(['auto', 'yes', 'no']).default('auto'),
});

const RANK: Record<FindingStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };

interface Item {
  record: string;
  expected: string;
  live: unknown;
  status: FindingStatus;
  note: string;
}

export default defineCheck({
  id: 'domain.expected-records-drift',
  area: 'domain',
  severity: 'warn',
  targetKind: 'domain',
  title: 'Microsoft’s expected DNS records match real DNS (hybrid-aware)',
  failureTitle: 'Real DNS drifts from the records Microsoft expects',
  description:
    'Compares the Email records Microsoft 365 expects for each domain (serviceConfigurationRecords: MX, SPF TXT, autodiscover CNAME) with live DNS. In a hybrid the autodiscover CNAME to autodiscover.outlook.com is deliberately not published (Autodiscover points on-premises), and an MX elsewhere can be a legitimate routing choice, so only real gaps are raised.',
  remediation: {
    text: 'Publish the missing records Microsoft 365 lists for the domain, except the autodiscover CNAME in a hybrid (keep it on-premises, see dns.autodiscover-onprem).',
    portal: 'Microsoft 365 admin center > Settings > Domains > <domain> > DNS records',
  },
  docs: [
    'https://learn.microsoft.com/graph/api/domain-list-serviceconfigurationrecords',
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
  ],
  requires: ['graph.domainRecords', 'dns.domains'],
  optional: ['ldap.exchangeServers', 'ldap.autodiscoverScps'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const expectedAll = artifacts['graph.domainRecords'];
    const live = artifacts['dns.domains'];
    const servers = artifacts['ldap.exchangeServers'];
    const scps = artifacts['ldap.autodiscoverScps'];
    const hybrid =
      opts.hybrid === 'yes' ||
      (opts.hybrid === 'auto' &&
        !(servers !== undefined && scps !== undefined && servers.length === 0 && scps.length === 0));

    const findings: Finding[] = [];
    for (const domain of Object.keys(expectedAll).sort()) {
      const answers = live[domain.toLowerCase()];
      if (!answers) continue; // not a scanned mail domain (e.g. *.onmicrosoft.com)
      const expected = expectedAll[domain]!.filter(
        (r) => !r.supportedService || r.supportedService.toLowerCase() === 'email',
      );
      if (expected.length === 0) continue;
      const items: Item[] = [];
      let fault: string | undefined;
      for (const rec of expected) {
        const type = rec.recordType.toLowerCase();
        const label = (rec.label || domain).toLowerCase();
        if (type === 'mx') {
          const a = answerOf(answers, label, 'MX');
          fault ??= faultOf(a);
          const hosts = mxRecords(a).map((m) => m.exchange);
          const want = (rec.mailExchange ?? '').toLowerCase().replace(/\.$/, '');
          const ok = hosts.includes(want);
          items.push({
            record: `MX ${label}`,
            expected: want,
            live: hosts,
            status: ok ? 'pass' : 'info',
            note: ok
              ? 'matches'
              : 'MX points elsewhere: fine when inbound mail deliberately enters on-premises or through a gateway (see dns.mx-topology)',
          });
        } else if (type === 'txt') {
          const a = answerOf(answers, label, 'TXT');
          fault ??= faultOf(a);
          const spf = spfRecords(texts(a));
          const want = rec.text ?? '';
          const includes = [...want.matchAll(/include:(\S+)/gi)].map((m) => m[1]!.toLowerCase());
          const missing = includes.filter((i) => !spf.some((s) => s.toLowerCase().includes(`include:${i}`)));
          items.push({
            record: `TXT ${label}`,
            expected: want,
            live: spf,
            status: spf.length === 0 || missing.length ? 'warn' : 'pass',
            note:
              spf.length === 0
                ? 'no SPF record (see dns.spf-record)'
                : missing.length
                  ? `SPF lacks include:${missing.join(', include:')} (see dns.spf-covers-senders)`
                  : 'SPF contains the expected include',
          });
        } else if (type === 'cname') {
          const a = answerOf(answers, label, 'CNAME');
          fault ??= faultOf(a);
          const target = a?.state === 'noerror' ? String(a.records[0]?.data ?? '') : '';
          const want = (rec.canonicalName ?? '').toLowerCase().replace(/\.$/, '');
          const isAutodiscover = label.startsWith('autodiscover.');
          const ok = target === want;
          items.push({
            record: `CNAME ${label}`,
            expected: want,
            live: target || a?.state,
            status: ok
              ? isAutodiscover && hybrid
                ? 'info'
                : 'pass'
              : isAutodiscover && hybrid
                ? 'pass'
                : 'warn',
            note: ok
              ? isAutodiscover && hybrid
                ? 'matches Microsoft’s record, but a hybrid needs Autodiscover on-premises (see dns.autodiscover-onprem)'
                : 'matches'
              : isAutodiscover && hybrid
                ? 'differs as expected in a hybrid: Autodiscover points on-premises'
                : 'missing or different',
          });
        }
      }
      if (fault) {
        findings.push({
          target: domain,
          status: 'error',
          message: `Cannot compare: ${fault}`,
          evidence: { items },
        });
        continue;
      }
      const status = items.reduce<FindingStatus>((w, i) => (RANK[i.status] > RANK[w] ? i.status : w), 'pass');
      const drift = items.filter((i) => i.status !== 'pass');
      findings.push({
        target: domain,
        status,
        message: drift.length
          ? drift.map((i) => `${i.record}: ${i.note}`).join('; ')
          : `${items.length} expected record${items.length === 1 ? '' : 's'} match${hybrid ? ' (hybrid: autodiscover judged on-premises)' : ''}`,
        evidence: { hybrid, items },
      });
    }
    return findings;
  },
});
