import type { Config } from '../../config/schema.ts';
import type { DnsAnswer } from '../../evidence/dns.ts';
import type { Collector } from '../types.ts';
import {
  type Ask,
  expandSpfPolicies,
  fetchMtaStsPolicies,
  mailDomainsOf,
  resolveGateway,
  resolveMailDomains,
  resolveOnPremHosts,
  usable,
} from './phases.ts';
import { parseServer, Resolver, systemServers } from './resolver.ts';

const PRODUCES = [
  'dns.domains',
  'dns.mailDomains',
  'dns.spf',
  'dns.mtaSts',
  'dns.onPremHosts',
  'dns.gateway',
] as const;

function settings(config: Config) {
  return {
    timeoutMs: config.dns?.timeoutMs ?? 3000,
    retries: config.dns?.retries ?? 2,
    concurrency: config.dns?.concurrency ?? 8,
    servers: config.dns?.servers?.map(parseServer),
  };
}

/**
 * The DNS of every mail domain (verified tenant domains, on-prem accepted domains and the
 * config's `domains`), the SPF policy expanded through the resolver, MTA-STS policies over HTTPS,
 * the on-prem Exchange hosts' addresses and the MailStore Gateway domain's MX.
 */
const collector: Collector = {
  id: 'dns',
  produces: PRODUCES,
  uses: ['graph', 'ldap'],
  notConfigured: (config) =>
    config.domains.length > 0 || config.graph || config.ldap || config.mailstore?.gatewayAddress
      ? undefined
      : 'set `domains` (or configure `graph`/`ldap` so the mail domains are discovered)',
  concurrency: (config) => settings(config).concurrency,
  async collect(ctx) {
    const s = settings(ctx.config);
    const servers = s.servers ?? systemServers();
    if (servers.length === 0) {
      const error = {
        message: 'no DNS servers: set dns.servers (the system has none configured)',
        code: 'NO_SERVERS',
      };
      for (const k of PRODUCES) ctx.fail(k, error);
      return;
    }
    const resolver = new Resolver({
      servers,
      timeoutMs: s.timeoutMs,
      retries: s.retries,
      limiter: ctx.limiter,
      signal: ctx.signal,
      onExchange: ({ transport }) => ctx.countRequest(`dns/${transport}`),
    });

    const { mailDomains, noDomains } = mailDomainsOf(ctx);
    if (noDomains)
      for (const k of ['dns.domains', 'dns.mailDomains', 'dns.spf', 'dns.mtaSts'] as const)
        ctx.fail(k, noDomains);

    const all: DnsAnswer[] = [];
    const ask: Ask = async (name, type) => {
      const answer = await resolver.resolve(name, type);
      all.push(answer);
      return answer;
    };
    const domains = await resolveMailDomains(ctx, ask, mailDomains);
    const spf = await expandSpfPolicies(ask, mailDomains);
    const mtaSts = await fetchMtaStsPolicies(ctx, ask, mailDomains, domains, s.timeoutMs);
    const onPrem = await resolveOnPremHosts(ctx, ask);
    const gatewayDomain = ctx.config.mailstore?.gatewayAddress?.split('@')[1]?.toLowerCase();
    const gateway = gatewayDomain ? await resolveGateway(ask, gatewayDomain) : undefined;

    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (all.length > 0 && !all.some(usable)) {
      const first = all.find((a) => a.detail)?.detail ?? 'no answer';
      const error = {
        message: `no usable answer from the DNS servers (${servers.map((x) => `${x.host}:${x.port}`).join(', ')}): ${first}`,
        code: all.some((a) => a.state === 'timeout') ? 'ETIMEDOUT' : all[0]!.state.toUpperCase(),
      };
      for (const k of PRODUCES) if (ctx.record(k)?.status !== 'error') ctx.fail(k, error);
      return;
    }
    if (!noDomains) {
      ctx.put('dns.mailDomains', mailDomains);
      ctx.put('dns.domains', domains);
      ctx.put('dns.spf', spf);
      ctx.put('dns.mtaSts', mtaSts);
    }
    ctx.put('dns.onPremHosts', onPrem);
    if (gatewayDomain && gateway) ctx.put('dns.gateway', { domain: gatewayDomain, answers: gateway });
  },
};

export default collector;
