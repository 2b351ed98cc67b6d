import type { DnsAnswer, MailDomainOrigin, MtaStsFetch, SpfEvaluation } from '../../evidence/dns.ts';
import { domainQuestions, hostsOfUrls, key, mergeMailDomains } from '../../model/dns-names.ts';
import { expandSpf } from '../../model/spf/expand.ts';
import type { CollectContext } from '../types.ts';
import { fetchMtaSts } from './mta-sts.ts';

/** One DNS question through the scan's resolver (which also records it for the usable-answer test). */
export type Ask = (name: string, type: string) => Promise<DnsAnswer>;
type MailDomains = ReturnType<typeof mergeMailDomains>;

/** An answer a DNS server actually gave for the name (as opposed to a failure to answer). */
export const usable = (a: DnsAnswer) =>
  a.state === 'noerror' || a.state === 'nodata' || a.state === 'nxdomain';

/**
 * The mail domains: verified tenant domains, on-prem accepted domains and the config's `domains`.
 * With none, and a source that lists domains failed, the error that explains why there is nothing.
 */
export function mailDomainsOf(ctx: CollectContext): {
  mailDomains: MailDomains;
  noDomains?: { message: string; code: string };
} {
  const candidates: { domain: string; origin: MailDomainOrigin }[] = [];
  for (const d of ctx.get('graph.domains') ?? [])
    if (d.isVerified && d.supportedServices.includes('Email'))
      candidates.push({ domain: d.id, origin: 'graph' });
  for (const d of ctx.get('ldap.acceptedDomains') ?? [])
    candidates.push({ domain: d.domain, origin: 'ldap' });
  for (const d of ctx.config.domains) candidates.push({ domain: d, origin: 'config' });
  const mailDomains = mergeMailDomains(candidates);
  if (mailDomains.length > 0) return { mailDomains };
  // Nothing to scan is only "nothing to check" when the sources that list domains answered.
  const failed = (['graph.domains', 'ldap.acceptedDomains'] as const)
    .map((k) => [k, ctx.record(k)] as const)
    .filter(([, r]) => r?.status === 'error');
  if (failed.length === 0) return { mailDomains };
  return {
    mailDomains,
    noDomains: {
      message: `no mail domains to scan: ${failed.map(([k, r]) => `${k} failed (${r?.status === 'error' ? r.error.message : ''})`).join('; ')}, and \`domains\` lists none`,
      code: 'NO_DOMAINS',
    },
  };
}

/** The fixed questions of every mail domain, then its MX hosts' addresses and TLSA. */
export async function resolveMailDomains(
  ctx: CollectContext,
  ask: Ask,
  mailDomains: MailDomains,
): Promise<Record<string, Record<string, DnsAnswer>>> {
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
      const hosts = mxHosts(answers[key(domain, 'MX')]!);
      await Promise.all(
        hosts.flatMap((h) => [
          askInto(answers, ask, h, 'A'),
          askInto(answers, ask, h, 'AAAA'),
          askInto(answers, ask, `_25._tcp.${h}`, 'TLSA'),
        ]),
      );
      domains[domain] = sortKeys(answers);
    }),
  );
  return sortKeys(domains);
}

/** SPF of every mail domain, expanded through the same (cached) resolver. */
export async function expandSpfPolicies(
  ask: Ask,
  mailDomains: MailDomains,
): Promise<Record<string, SpfEvaluation>> {
  const spf: Record<string, SpfEvaluation> = {};
  await Promise.all(
    mailDomains.map(async ({ domain }) => {
      spf[domain] = await expandSpf(domain, { resolve: ask });
    }),
  );
  return sortKeys(spf);
}

/**
 * MTA-STS policies of domains that announce one; the policy host is reached at the address our
 * resolver found, unless endpoints.connectTo says otherwise.
 */
export async function fetchMtaStsPolicies(
  ctx: CollectContext,
  ask: Ask,
  mailDomains: MailDomains,
  domains: Record<string, Record<string, DnsAnswer>>,
  timeoutMs: number,
): Promise<Record<string, MtaStsFetch>> {
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
          timeoutMs: Math.max(5000, timeoutMs),
          signal: ctx.signal,
          connectTo: [...ctx.config.endpoints.connectTo, ...(ip ? [`${host}:443:${ip}:443`] : [])],
        }),
      );
    }),
  );
  return sortKeys(mtaSts);
}

/** Addresses of the on-prem Exchange hosts known from AD: server FQDNs and Autodiscover SCP URL hosts. */
export async function resolveOnPremHosts(ctx: CollectContext, ask: Ask): Promise<Record<string, DnsAnswer>> {
  const names = new Set<string>();
  for (const server of ctx.get('ldap.exchangeServers') ?? [])
    if (server.fqdn) names.add(server.fqdn.toLowerCase());
  for (const scp of ctx.get('ldap.autodiscoverScps') ?? [])
    for (const h of hostsOfUrls(scp.urls)) names.add(h);
  const onPrem: Record<string, DnsAnswer> = {};
  await Promise.all(
    [...names].flatMap((h) => [askInto(onPrem, ask, h, 'A'), askInto(onPrem, ask, h, 'AAAA')]),
  );
  return sortKeys(onPrem);
}

/** The MailStore Gateway domain's MX and the MX hosts' addresses. */
export async function resolveGateway(ask: Ask, gatewayDomain: string): Promise<Record<string, DnsAnswer>> {
  const gateway: Record<string, DnsAnswer> = {};
  const mx = await askInto(gateway, ask, gatewayDomain, 'MX');
  await Promise.all(
    mxHosts(mx).flatMap((h) => [askInto(gateway, ask, h, 'A'), askInto(gateway, ask, h, 'AAAA')]),
  );
  return sortKeys(gateway);
}

async function askInto(into: Record<string, DnsAnswer>, ask: Ask, name: string, type: string) {
  const answer = await ask(name, type);
  into[key(name, type)] = answer;
  return answer;
}

function mxHosts(mx: DnsAnswer): string[] {
  const hosts = mx.records
    .map((r) => (r.data as { exchange: string }).exchange)
    .filter((h) => h && h !== '.');
  return [...new Set(hosts)];
}

function sortKeys<T>(obj: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}
