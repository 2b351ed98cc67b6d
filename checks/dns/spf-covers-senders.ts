import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding, FindingStatus } from '../../src/engine/types.ts';
import { BlockList, isIP } from '../../src/model/ip-address.ts';
import { checkHost } from '../../src/model/spf/check-host.ts';
import { includedDomains } from '../../src/model/spf/tree.ts';
import { addresses, sortedDomains } from './common.ts';

const options = z.strictObject({
  /** Exchange Online sends outbound directly (the HCW default); false when it routes through on-premises ("centralized mail transport"). */
  exoSendsDirect: z.boolean().default(true),
  /** The include that authorises Exchange Online. */
  exoInclude: z.string().default('spf.protection.outlook.com'),
  /** Public IPs on-premises Exchange sends from (HCW "ExternalIPAddresses"); when set, uncovered ones are a warning. */
  onPremEgress: z.array(z.string().refine((s) => isIP(s) !== 0, 'expected an IP address')).default([]),
});

const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');
const isPrivate = (ip: string) => PRIVATE.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');

export default defineCheck({
  id: 'dns.spf-covers-senders',
  area: 'dns',
  severity: 'fail',
  targetKind: 'domain',
  title: 'SPF authorises Exchange Online and the on-premises egress',
  failureTitle: 'SPF does not authorise every side of the hybrid that sends mail',
  description:
    'In a hybrid both Exchange Online and on-premises Exchange send mail as the domain. SPF must include spf.protection.outlook.com when Exchange Online sends directly (the default), and cover the public IPs on-premises Exchange sends from, or receivers may reject or junk that mail.',
  remediation: {
    text: 'Add Exchange Online and the on-premises egress to the domain’s single SPF record. Set `checks.dns.spf-covers-senders.options.onPremEgress` to the on-premises egress IPs for an exact verdict.',
    dns: ['<domain>. TXT "v=spf1 ip4:<on-prem egress IP> include:spf.protection.outlook.com -all"'],
  },
  docs: [
    'https://learn.microsoft.com/graph/api/domain-list-serviceconfigurationrecords',
    'https://learn.microsoft.com/exchange/transport-routing',
  ],
  requires: ['dns.spf'],
  optional: ['dns.onPremHosts', 'graph.domainRecords'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const all = artifacts['dns.spf'];
    // Heuristic egress: public addresses of the on-prem Exchange hosts AD names (used only as info).
    const heuristic = [
      ...new Set(
        Object.values(artifacts['dns.onPremHosts'] ?? {})
          .flatMap((a) => addresses(a))
          .filter((ip) => !isPrivate(ip)),
      ),
    ].sort();
    return sortedDomains(all).map((domain): Finding => {
      const ev = all[domain]!;
      if (ev.result === 'temperror')
        return {
          target: domain,
          status: 'error',
          message: 'A DNS lookup of the SPF evaluation failed (SERVFAIL or timeout)',
          evidence: { errors: ev.errors },
        };
      if (ev.tree.records.length > 1)
        return {
          target: domain,
          status: 'fail',
          message: `${ev.tree.records.length} SPF records: receivers return permerror, so no sender is authorised (see dns.spf-record)`,
          evidence: { records: ev.tree.records },
        };
      if (ev.result === 'none')
        return {
          target: domain,
          status: 'fail',
          message: 'No SPF record: neither Exchange Online nor on-premises is authorised',
        };

      const expected = (artifacts['graph.domainRecords']?.[domain] ?? [])
        .filter((r) => r.recordType?.toLowerCase() === 'txt' && r.text?.startsWith('v=spf1'))
        .flatMap((r) => [...(r.text ?? '').matchAll(/include:(\S+)/g)].map((m) => m[1]!.toLowerCase()));
      const exoIncludes = [...new Set([opts.exoInclude.toLowerCase(), ...expected])];
      const included = includedDomains(ev.tree).map((d) => d.toLowerCase());
      const exoCovered = exoIncludes.some((d) => included.includes(d));

      const items: { status: FindingStatus; text: string }[] = [];
      if (exoCovered)
        items.push({
          status: 'pass',
          text: `Exchange Online authorised (include:${exoIncludes.find((d) => included.includes(d))})`,
        });
      else if (opts.exoSendsDirect)
        items.push({
          status: 'fail',
          text: `include:${exoIncludes.join(' / include:')} is missing, and Exchange Online sends outbound directly`,
        });
      else
        items.push({
          status: 'info',
          text: `include:${opts.exoInclude} is missing; Exchange Online is configured to send through on-premises`,
        });

      const judge = (ips: string[], source: string, uncovered: FindingStatus) => {
        const results = ips.map((ip) => ({ ip, ...checkHost(ev, ip) }));
        const bad = results.filter((r) => r.result !== 'pass');
        if (bad.length === 0)
          items.push({ status: 'pass', text: `on-premises egress ${ips.join(', ')} authorised (${source})` });
        else
          items.push({
            status: uncovered,
            text: `on-premises egress ${bad.map((b) => `${b.ip} → ${b.result}`).join(', ')} not authorised (${source})`,
          });
        return results.map((r) => ({
          ip: r.ip,
          result: r.result,
          matched: r.matched,
          undecidable: r.undecidable.length ? r.undecidable : undefined,
        }));
      };
      let egress: unknown;
      if (opts.onPremEgress.length) egress = judge(opts.onPremEgress, 'configured onPremEgress', 'warn');
      else if (heuristic.length)
        egress = judge(heuristic, 'heuristic: addresses of the on-premises Exchange hosts in AD', 'info');
      else items.push({ status: 'info', text: 'on-premises egress IPs unknown (set options.onPremEgress)' });

      const rank: Record<FindingStatus, number> = { pass: 0, info: 1, warn: 2, error: 3, fail: 4 };
      const status = items.reduce<FindingStatus>((w, i) => (rank[i.status] > rank[w] ? i.status : w), 'pass');
      return {
        target: domain,
        status,
        message: items.map((i) => i.text).join('; '),
        evidence: {
          spf: ev.tree.records[0],
          includes: included,
          expectedExoIncludes: exoIncludes,
          ...(egress ? { egress } : {}),
          ...(ev.result === 'permerror' ? { note: `SPF is permerror: ${ev.errors.join('; ')}` } : {}),
        },
      };
    });
  },
});
