import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { SrvData } from '../../src/evidence/dns.ts';
import { hostsOfUrls } from '../../src/model/dns-names.ts';
import { addresses, answerOf, brief, errorFinding, hostMatches, sortedDomains } from './common.ts';

const options = z.strictObject({
  /** Names that mean "Autodiscover is in the cloud" (the value the Microsoft 365 wizard suggests). */
  cloudNames: z
    .array(z.string())
    .default([
      'autodiscover.outlook.com',
      'autodiscover-s.outlook.com',
      '*.autodiscover.outlook.com',
      'outlook.office365.com',
      '*.ha-autod.office.com',
    ]),
  /** Extra on-premises Autodiscover host names (when AD is not scanned). */
  onPremHosts: z.array(z.string()).default([]),
  /** msExchRecipientTypeDetails values of on-premises mailboxes (user, linked, shared, room, equipment). */
  onPremMailboxTypes: z.array(z.string()).default(['1', '2', '4', '16', '32']),
});

export default defineCheck({
  id: 'dns.autodiscover-onprem',
  area: 'dns',
  severity: 'fail',
  targetKind: 'domain',
  title: 'Autodiscover points to on-premises Exchange',
  failureTitle: 'Autodiscover does not point to on-premises Exchange',
  description:
    'In a hybrid, Autodiscover must point to on-premises Exchange: it answers for on-premises mailboxes and redirects migrated ones to Exchange Online. Pointing it to autodiscover.outlook.com (what the Microsoft 365 domain wizard suggests) breaks discovery of on-premises mailboxes for Outlook and for MailStore.',
  remediation: {
    text: 'Point Autodiscover to on-premises Exchange with a CNAME (or an A record to its public address), as the hybrid prerequisites require, and remove or correct any _autodiscover._tcp SRV record that points elsewhere.',
    dns: ['autodiscover.<domain>. CNAME <on-premises Exchange host>.'],
  },
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
    'https://learn.microsoft.com/exchange/architecture/client-access/autodiscover',
  ],
  requires: ['dns.domains'],
  optional: ['ldap.autodiscoverScps', 'ldap.exchangeServers', 'dns.onPremHosts', 'ldap.users'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const all = artifacts['dns.domains'];
    const scps = artifacts['ldap.autodiscoverScps'];
    const onPrem = new Set(opts.onPremHosts.map((h) => h.toLowerCase()));
    for (const scp of scps ?? []) for (const h of hostsOfUrls(scp.urls)) onPrem.add(h);
    for (const s of artifacts['ldap.exchangeServers'] ?? []) if (s.fqdn) onPrem.add(s.fqdn.toLowerCase());
    const onPremAddrs = new Set<string>();
    for (const [k, a] of Object.entries(artifacts['dns.onPremHosts'] ?? {}))
      if (onPrem.has(k.split('/')[0]!)) for (const ip of addresses(a)) onPremAddrs.add(ip);
    const isCloud = (name: string) => opts.cloudNames.some((p) => hostMatches(p, name));
    // With AD users collected, a tenant whose mailboxes have all moved no longer needs Autodiscover on-premises.
    const users = artifacts['ldap.users'];
    const onPremMailboxes = users?.filter((u) =>
      opts.onPremMailboxTypes.includes(String(u.msExchRecipientTypeDetails ?? '')),
    ).length;

    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const name = `autodiscover.${domain}`;
      const a = answerOf(answers, name, 'A');
      const aaaa = answerOf(answers, name, 'AAAA');
      const srv = answerOf(answers, `_autodiscover._tcp.${domain}`, 'SRV');
      const err = errorFinding(domain, [a, aaaa], 'Autodiscover');
      if (err) return err;
      const chain = [...(a!.cnameChain ?? aaaa!.cnameChain ?? [])];
      const names = [name, ...chain];
      const ips = [...addresses(a), ...addresses(aaaa)];
      const srvTargets = srv?.state === 'noerror' ? srv.records.map((r) => (r.data as SrvData).target) : [];
      const evidence = {
        a: brief(a),
        aaaa: brief(aaaa),
        srv: brief(srv),
        onPremHosts: [...onPrem].sort(),
        source: scps ? 'AD Autodiscover SCPs' : onPrem.size ? 'options.onPremHosts' : 'none (AD not scanned)',
      };
      const cloud = names.find(isCloud);
      if (cloud && onPremMailboxes === 0)
        return {
          target: domain,
          status: 'warn',
          message: `${name} points to the cloud (${names.join(' → ')}); AD lists no on-premises mailbox, so only a later on-premises mailbox would be affected`,
          evidence: { ...evidence, onPremMailboxes },
        };
      if (cloud)
        return {
          target: domain,
          status: 'fail',
          message: `${name} points to the cloud (${names.join(' → ')}): on-premises mailboxes${onPremMailboxes ? ` (${onPremMailboxes} in AD)` : ''} cannot be discovered`,
          evidence: { ...evidence, ...(onPremMailboxes !== undefined ? { onPremMailboxes } : {}) },
        };
      if (ips.length === 0)
        return {
          target: domain,
          status: 'fail',
          message: `${name} does not resolve (${a!.state}${chain.length ? ` after ${names.join(' → ')}` : ''})`,
          evidence,
        };
      const srvProblem = srvTargets.find(
        (t) => isCloud(t) || (onPrem.size > 0 && !onPrem.has(t) && !names.includes(t)),
      );
      const srvNote = srvProblem ? `; but _autodiscover._tcp SRV points to ${srvProblem}` : '';
      if (onPrem.size === 0)
        return {
          target: domain,
          status: srvProblem ? 'warn' : 'pass',
          message: `${names.join(' → ')} → ${ips.join(', ')} (not a Microsoft cloud name; AD not scanned, so the on-premises host is not confirmed)${srvNote}`,
          evidence,
        };
      const byName = names.find((n) => onPrem.has(n));
      const byAddr = ips.find((ip) => onPremAddrs.has(ip));
      if (byName || byAddr)
        return {
          target: domain,
          status: srvProblem ? 'warn' : 'pass',
          message: `${names.join(' → ')} → ${ips.join(', ')}: on-premises (${byName ? `host ${byName}` : `address ${byAddr}`} is in AD)${srvNote}`,
          evidence,
        };
      return {
        target: domain,
        status: 'warn',
        message: `${names.join(' → ')} → ${ips.join(', ')} is none of the on-premises Autodiscover hosts in AD (${[...onPrem].join(', ')})${srvNote}`,
        evidence,
      };
    });
  },
});
