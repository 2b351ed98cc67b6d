/**
 * The organisation's mail domains with where each was found: the config, Entra's verified
 * domains, on-premises accepted domains and the domains of users' proxy addresses.
 */
import type { GraphDomain, GraphUser } from '../evidence/graph.ts';
import type { AcceptedDomain, AdUser } from '../evidence/ldap.ts';
import { isMicrosoftOwnedDomain } from './microsoft-domains.ts';
import { domainOfAddress, smtpAddresses } from './primary-smtp.ts';

type MailDomainSource = 'config' | 'graph-verified' | 'accepted-domain' | 'proxy-address';

export interface OrgMailDomain {
  domain: string;
  origins: MailDomainSource[];
  /** onmicrosoft.com and the like: DNS is Microsoft's. */
  microsoftOwned: boolean;
}

interface MailDomainSources {
  configDomains: readonly string[];
  graphDomains?: readonly GraphDomain[];
  acceptedDomains?: readonly AcceptedDomain[];
  adUsers?: readonly AdUser[];
  graphUsers?: readonly GraphUser[];
}

export function buildMailDomains(src: MailDomainSources): OrgMailDomain[] {
  const byName = new Map<string, OrgMailDomain>();
  const add = (raw: string | undefined, origin: MailDomainSource) => {
    const domain = raw?.trim().replace(/\.$/, '').replace(/^\*\./, '').toLowerCase();
    if (!domain) return;
    const entry = byName.get(domain) ?? {
      domain,
      origins: [],
      microsoftOwned: isMicrosoftOwnedDomain(domain),
    };
    byName.set(domain, entry);
    if (!entry.origins.includes(origin)) entry.origins.push(origin);
  };
  for (const d of src.configDomains) add(d, 'config');
  for (const d of src.graphDomains ?? []) if (d.isVerified) add(d.id, 'graph-verified');
  for (const a of src.acceptedDomains ?? []) add(a.domain, 'accepted-domain');
  for (const u of [...(src.adUsers ?? []), ...(src.graphUsers ?? [])])
    for (const a of smtpAddresses(u.proxyAddresses).all) add(domainOfAddress(a), 'proxy-address');
  return [...byName.values()].sort((a, b) => a.domain.localeCompare(b.domain));
}
