import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { hostsOfUrls } from '../../src/model/dns-names.ts';
import {
  addresses,
  answerOf,
  errorFinding,
  hostMatches,
  isNullMx,
  mxRecords,
  sortedDomains,
} from './common.ts';

const options = z.strictObject({
  /** Extra names of on-premises inbound hosts (smart host, edge servers) beyond what AD lists. */
  onPremHosts: z.array(z.string()).default([]),
  /** Patterns of Exchange Online Protection MX hosts (legacy EOP). */
  exoPatterns: z.array(z.string()).default(['*.mail.protection.outlook.com']),
  /** Patterns of the DNSSEC/DANE-enabled Exchange Online MX endpoint (community: `<x>-v1.mx.microsoft`). */
  exoDanePatterns: z.array(z.string()).default(['*.mx.microsoft']),
});

type Kind = 'exchange-online' | 'exchange-online-dane' | 'on-premises' | 'third-party';

export default defineCheck({
  id: 'dns.mx-topology',
  area: 'dns',
  severity: 'warn', // info normally; warn for the violations it names (catalogue: info/warn)
  targetKind: 'domain',
  title: 'Inbound mail routing (MX topology)',
  failureTitle: 'Inbound mail is split across different kinds of hosts at the same priority',
  description:
    'Classifies each MX host as Exchange Online, on-premises Exchange or a third-party gateway. Inbound routing is the customer’s choice (the Hybrid Configuration Wizard does not set it), but it decides which side sees a message first; the same priority on different kinds of hosts splits inbound mail unpredictably.',
  remediation:
    'Point all MX records of the lowest preference to one kind of host (typically Exchange Online, or the on-premises/gateway host when mail must enter there first); keep others as backups with higher preference values.',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-configuration-wizard',
    'https://learn.microsoft.com/purview/how-smtp-dane-works',
  ],
  requires: ['dns.domains'],
  optional: ['ldap.exchangeServers', 'ldap.autodiscoverScps', 'dns.onPremHosts'],
  confidence: 'community',
  options,
  run({ artifacts, options: opts }) {
    const all = artifacts['dns.domains'];
    const onPremNames = new Set<string>(opts.onPremHosts.map((h) => h.toLowerCase()));
    for (const s of artifacts['ldap.exchangeServers'] ?? [])
      if (s.fqdn) onPremNames.add(s.fqdn.toLowerCase());
    for (const scp of artifacts['ldap.autodiscoverScps'] ?? [])
      for (const h of hostsOfUrls(scp.urls)) onPremNames.add(h);
    const onPremAddrs = new Set<string>();
    for (const a of Object.values(artifacts['dns.onPremHosts'] ?? {}))
      for (const ip of addresses(a)) onPremAddrs.add(ip);

    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const mx = answerOf(answers, domain, 'MX');
      const err = errorFinding(domain, [mx], 'the MX');
      if (err) return err;
      const records = mxRecords(mx);
      if (records.length === 0 || isNullMx(records))
        return { target: domain, status: 'info', message: 'No inbound MX to classify (see dns.mx-resolves)' };
      const classify = (host: string): Kind => {
        if (opts.exoDanePatterns.some((p) => hostMatches(p, host))) return 'exchange-online-dane';
        if (opts.exoPatterns.some((p) => hostMatches(p, host))) return 'exchange-online';
        const ips = [
          ...addresses(answerOf(answers, host, 'A')),
          ...addresses(answerOf(answers, host, 'AAAA')),
        ];
        if (onPremNames.has(host) || ips.some((ip) => onPremAddrs.has(ip))) return 'on-premises';
        return 'third-party';
      };
      const targets = records
        .map((r) => ({ preference: r.preference, host: r.exchange, kind: classify(r.exchange) }))
        .sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
      const family = (k: Kind) => (k === 'exchange-online-dane' ? 'exchange-online' : k);
      const byPref = new Map<number, Set<string>>();
      for (const t of targets)
        byPref.set(t.preference, (byPref.get(t.preference) ?? new Set()).add(family(t.kind)));
      const split = [...byPref.entries()].filter(([, kinds]) => kinds.size > 1);
      const primary = targets.filter((t) => t.preference === targets[0]!.preference);
      const label: Record<Kind, string> = {
        'exchange-online': 'Exchange Online',
        'exchange-online-dane': 'Exchange Online (DNSSEC/DANE endpoint)',
        'on-premises': 'on-premises Exchange',
        'third-party': 'a third-party gateway or unknown host',
      };
      const evidence = {
        targets,
        onPremHostsKnown: [...onPremNames].sort(),
        ...(onPremNames.size === 0
          ? {
              note: 'no on-premises host names known (LDAP not collected): on-prem MX hosts show as third-party',
            }
          : {}),
      };
      if (split.length)
        return {
          target: domain,
          status: 'warn',
          message: `Split inbound: preference ${split.map(([p, k]) => `${p} has ${[...k].join(' and ')}`).join('; ')}`,
          evidence,
        };
      return {
        target: domain,
        status: 'info',
        message: `Inbound mail goes to ${label[primary[0]!.kind]} (${primary.map((t) => t.host).join(', ')})`,
        evidence,
      };
    });
  },
});
