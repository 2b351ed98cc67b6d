import type { Config } from '../../config/schema.ts';
import type { Collector } from '../types.ts';
import { fetchMtaSts } from './mta-sts.ts';
import { domainQuestions, hostsOfUrls, key, mergeMailDomains } from './names.ts';
import { parseServer, Resolver, systemServers } from './resolver.ts';
import { expandSpf } from './spf.ts';
import type { DnsAnswer, MailDomainOrigin, MtaStsFetch, SpfEvaluation } from './types.ts';
import '../graph/types.ts';
import '../ldap/types.ts';
import './types.ts';

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

/** An answer a DNS server actually gave for the name (as opposed to a failure to answer). */
const usable = (a: DnsAnswer) => a.state === 'noerror' || a.state === 'nodata' || a.state === 'nxdomain';

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

    const candidates: { domain: string; origin: MailDomainOrigin }[] = [];
    for (const d of ctx.get('graph.domains') ?? [])
      if (d.isVerified && d.supportedServices.includes('Email'))
        candidates.push({ domain: d.id, origin: 'graph' });
    for (const d of ctx.get('ldap.acceptedDomains') ?? [])
      candidates.push({ domain: d.domain, origin: 'ldap' });
    for (const d of ctx.config.domains) candidates.push({ domain: d, origin: 'config' });
    const mailDomains = mergeMailDomains(candidates);
    if (mailDomains.length === 0) {
      // Nothing to scan is only "nothing to check" when the sources that list domains answered.
      const failed = (['graph.domains', 'ldap.acceptedDomains'] as const)
        .map((k) => [k, ctx.record(k)] as const)
        .filter(([, r]) => r?.status === 'error');
      if (failed.length) {
        const error = {
          message: `no mail domains to scan: ${failed.map(([k, r]) => `${k} failed (${r?.status === 'error' ? r.error.message : ''})`).join('; ')}, and \`domains\` lists none`,
          code: 'NO_DOMAINS',
        };
        for (const k of ['dns.domains', 'dns.mailDomains', 'dns.spf', 'dns.mtaSts'] as const)
          ctx.fail(k, error);
      }
    }

    const all: DnsAnswer[] = [];
    const ask = async (name: string, type: string) => {
      const answer = await resolver.resolve(name, type);
      all.push(answer);
      return answer;
    };

    // Mail domains: the fixed questions, then the MX hosts' addresses and TLSA.
    const domains: Record<string, Record<string, DnsAnswer>> = {};
    await Promise.all(
      mailDomains.map(async ({ domain }) => {
        ctx.progress(`DNS of ${domain}`);
        const answers: Record<string, DnsAnswer> = {};
        await Promise.all(
          domainQuestions(domain).map(async ([name, type]) => {
            answers[key(name, type)] = await ask(name, type);
          }),
        );
        const mx = answers[key(domain, 'MX')]!;
        const hosts = mxHosts(mx);
        await Promise.all(
          hosts.flatMap((h) => [
            ask(h, 'A').then((a) => (answers[key(h, 'A')] = a)),
            ask(h, 'AAAA').then((a) => (answers[key(h, 'AAAA')] = a)),
            ask(`_25._tcp.${h}`, 'TLSA').then((a) => (answers[key(`_25._tcp.${h}`, 'TLSA')] = a)),
          ]),
        );
        domains[domain] = sortKeys(answers);
      }),
    );

    // SPF, expanded through the same (cached) resolver.
    const spf: Record<string, SpfEvaluation> = {};
    await Promise.all(
      mailDomains.map(async ({ domain }) => {
        spf[domain] = await expandSpf(domain, { resolve: ask });
      }),
    );

    // MTA-STS policies of domains that announce one; the policy host is reached at the address our
    // resolver found, unless endpoints.connectTo says otherwise.
    const mtaSts: Record<string, MtaStsFetch> = {};
    await Promise.all(
      mailDomains.map(async ({ domain }) => {
        const txt = domains[domain]?.[key(`_mta-sts.${domain}`, 'TXT')];
        const announced = txt?.records.some((r) => /^v=STSv1/i.test(String(r.data)));
        if (!announced) return;
        const host = `mta-sts.${domain}`;
        const a = await ask(host, 'A');
        const ip = a.records[0]?.data as string | undefined;
        const mapped = ctx.config.endpoints.connectTo.some((r) => r.toLowerCase().startsWith(`${host}:`));
        if (!mapped && !ip) {
          mtaSts[domain] = {
            url: `https://${host}/.well-known/mta-sts.txt`,
            ...(usable(a)
              ? { fault: `${host} has no IPv4 address (${a.state.toUpperCase()})` }
              : {
                  fault: `cannot resolve ${host}: ${a.state.toUpperCase()}${a.detail ? ` (${a.detail})` : ''}`,
                  dnsState: a.state,
                }),
          };
          return;
        }
        ctx.countRequest('https/mta-sts');
        mtaSts[domain] = await ctx.limiter.run(() =>
          fetchMtaSts(domain, {
            tls: ctx.tls,
            timeoutMs: Math.max(5000, s.timeoutMs),
            signal: ctx.signal,
            connectTo: [...ctx.config.endpoints.connectTo, ...(ip ? [`${host}:443:${ip}:443`] : [])],
          }),
        );
      }),
    );

    // On-prem Exchange hosts known from AD: server FQDNs and Autodiscover SCP URL hosts.
    const onPremNames = new Set<string>();
    for (const server of ctx.get('ldap.exchangeServers') ?? [])
      if (server.fqdn) onPremNames.add(server.fqdn.toLowerCase());
    for (const scp of ctx.get('ldap.autodiscoverScps') ?? [])
      for (const h of hostsOfUrls(scp.urls)) onPremNames.add(h);
    const onPrem: Record<string, DnsAnswer> = {};
    await Promise.all(
      [...onPremNames].flatMap((h) => [
        ask(h, 'A').then((a) => (onPrem[key(h, 'A')] = a)),
        ask(h, 'AAAA').then((a) => (onPrem[key(h, 'AAAA')] = a)),
      ]),
    );

    // The MailStore Gateway domain's MX.
    const gatewayDomain = ctx.config.mailstore?.gatewayAddress?.split('@')[1]?.toLowerCase();
    const gateway: Record<string, DnsAnswer> = {};
    if (gatewayDomain) {
      const mx = await ask(gatewayDomain, 'MX');
      gateway[key(gatewayDomain, 'MX')] = mx;
      await Promise.all(
        mxHosts(mx).flatMap((h) => [
          ask(h, 'A').then((a) => (gateway[key(h, 'A')] = a)),
          ask(h, 'AAAA').then((a) => (gateway[key(h, 'AAAA')] = a)),
        ]),
      );
    }

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
    if (ctx.record('dns.domains')?.status !== 'error') {
      ctx.put('dns.mailDomains', mailDomains);
      ctx.put('dns.domains', sortKeys(domains));
      ctx.put('dns.spf', sortKeys(spf));
      ctx.put('dns.mtaSts', sortKeys(mtaSts));
    }
    ctx.put('dns.onPremHosts', sortKeys(onPrem));
    if (gatewayDomain) ctx.put('dns.gateway', { domain: gatewayDomain, answers: sortKeys(gateway) });
  },
};

function mxHosts(mx: DnsAnswer): string[] {
  const hosts = mx.records
    .map((r) => (r.data as { exchange: string }).exchange)
    .filter((h) => h && h !== '.');
  return [...new Set(hosts)];
}

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}

export default collector;
