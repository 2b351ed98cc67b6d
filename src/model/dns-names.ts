import { domainToASCII } from 'node:url';
import type { MailDomain, MailDomainOrigin } from '../evidence/dns.ts';
import { dmarcWalkNames } from './dmarc.ts';

/** Microsoft-managed names: their DNS is Microsoft's, not the customer's, so they are not scanned. */
function isMicrosoftManaged(domain: string): boolean {
  return /(^|\.)onmicrosoft\.(com|de|us)$/i.test(domain) || /(^|\.)partner\.onmschina\.cn$/i.test(domain);
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z0-9-]{2,63}$/;

/** Merges candidate domains from each origin: lower-cased, deduplicated, Microsoft-managed ones dropped. */
export function mergeMailDomains(candidates: { domain: string; origin: MailDomainOrigin }[]): MailDomain[] {
  const byName = new Map<string, MailDomain>();
  for (const { domain, origin } of candidates) {
    const trimmed = domain.trim().replace(/\.$/, '').toLowerCase();
    const name = domainToASCII(trimmed) || trimmed; // IDN → punycode (xn--…), as DNS stores it
    if (!DOMAIN.test(name) || isMicrosoftManaged(name)) continue;
    const entry = byName.get(name) ?? { domain: name, origins: [] };
    if (!entry.origins.includes(origin)) entry.origins.push(origin);
    byName.set(name, entry);
  }
  return [...byName.values()].sort((a, b) => a.domain.localeCompare(b.domain));
}

/** The questions asked for one mail domain (MX hosts' questions are added once the MX is known). */
export function domainQuestions(domain: string): [string, string][] {
  return [
    [domain, 'MX'],
    [domain, 'TXT'],
    // Every name of the DMARC tree walk (RFC 9989 §4.10), not a guessed organisational domain.
    ...dmarcWalkNames(domain).map((name): [string, string] => [`_dmarc.${name}`, 'TXT']),
    [`selector1._domainkey.${domain}`, 'TXT'],
    [`selector2._domainkey.${domain}`, 'TXT'],
    [`autodiscover.${domain}`, 'CNAME'],
    [`autodiscover.${domain}`, 'A'],
    [`autodiscover.${domain}`, 'AAAA'],
    [`_autodiscover._tcp.${domain}`, 'SRV'],
    [`_mta-sts.${domain}`, 'TXT'],
    [`_smtp._tls.${domain}`, 'TXT'],
    [domain, 'DS'],
    [domain, 'DNSKEY'],
  ];
}

export const key = (name: string, type: string) => `${name.toLowerCase()}/${type.toUpperCase()}`;

/** Host names in Autodiscover SCP URLs (serviceBindingInformation). */
export function hostsOfUrls(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const u of urls) {
    try {
      out.push(new URL(u).hostname.toLowerCase());
    } catch {
      // not a URL: ignored
    }
  }
  return out;
}
