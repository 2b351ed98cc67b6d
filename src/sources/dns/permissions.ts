import type { AccessTable } from '../access.ts';

const RESOLVERS = 'DNS (UDP/TCP 53) to the configured resolvers';

/** Outbound connections each DNS artifact needs. */
export const DNS_ACCESS: AccessTable<
  'dns.domains' | 'dns.mailDomains' | 'dns.spf' | 'dns.mtaSts' | 'dns.onPremHosts' | 'dns.gateway'
> = {
  'dns.domains': { network: [RESOLVERS] },
  'dns.mailDomains': { network: [RESOLVERS] },
  'dns.spf': { network: [RESOLVERS] },
  'dns.mtaSts': { network: [RESOLVERS, 'HTTPS to mta-sts.<domain>'] },
  'dns.onPremHosts': { network: [RESOLVERS] },
  'dns.gateway': { network: ['DNS (MX, A/AAAA of the Gateway domain)'] },
};
