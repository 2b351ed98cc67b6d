/**
 * Helpers shared by the exo.* checks (no default export: not a check). They read the on-premises
 * side the way the exch.* checks do, so the cloud-side checks compare against the same facts.
 */
import type { CheckSettings } from '../../src/engine/types.ts';
import type {
  AcceptedDomain,
  AdGenericObject,
  AutodiscoverScp,
  HybridConfiguration,
} from '../../src/evidence/ldap.ts';
import {
  coexistenceDomainFor,
  isCoexistenceDomain,
  isMicrosoftOwnedDomain,
} from '../../src/model/microsoft-domains.ts';
import { pickAttribute } from '../exch/onprem-helpers.ts';

export { originEvidence, originText } from '../../src/model/exo-origin.ts';

export const CONNECTORS_DOC =
  'https://learn.microsoft.com/exchange/mail-flow-best-practices/use-connectors-to-configure-mail-flow/set-up-connectors-to-route-mail';

/** The attribute names exch.exo-send-connector reads (its defaults; see that check for the sources). */
const SMART_HOST_ATTRS = ['msExchSmtpSmartHost'];
const ADDRESS_SPACE_ATTRS = ['routingList', 'msExchSmtpSendAddressSpaces'];
const TLS_CERT_ATTRS = ['msExchSmtpTLSCertificate', 'msExchSmtpTLSCertificateName'];
const TLS_DOMAIN_ATTRS = ['msExchSmtpSendTlsDomain', 'msExchSmtpTLSDomain'];

interface OnPremSendConnector {
  name: string;
  dn: string;
  smartHosts: string[];
  addressSpaces: string[];
  /** TlsCertificateName as stored: `<I>issuer<S>subject`. */
  tlsCertificateName?: string;
  tlsDomain?: string;
}

/** The on-premises send connectors to Exchange Online (HCW "Outbound to Office 365"), as exch.exo-send-connector finds them. */
export function onPremSendConnectorsToExo(
  connectors: readonly AdGenericObject[] | undefined,
): OnPremSendConnector[] {
  const out: OnPremSendConnector[] = [];
  for (const c of connectors ?? []) {
    const smartHosts = pickAttribute(c.attributes, SMART_HOST_ATTRS)?.values ?? [];
    const addressSpaces = pickAttribute(c.attributes, ADDRESS_SPACE_ATTRS)?.values ?? [];
    const toExo =
      smartHosts.some((h) => /\.mail\.protection\.outlook\.com$/i.test(h.trim())) ||
      addressSpaces.some((s) => /\.mail\.onmicrosoft\.com/i.test(s));
    if (!toExo) continue;
    const cert = pickAttribute(c.attributes, TLS_CERT_ATTRS)?.values[0];
    const domain = pickAttribute(c.attributes, TLS_DOMAIN_ATTRS)?.values[0];
    out.push({
      name: c.name,
      dn: c.dn,
      smartHosts,
      addressSpaces,
      ...(cert?.trim() ? { tlsCertificateName: cert.trim() } : {}),
      ...(domain?.trim() ? { tlsDomain: domain.trim() } : {}),
    });
  }
  return out;
}

/**
 * The subject names of a TlsCertificateName `<I>issuer<S>subject` (Exchange's SmtpX509Identifier):
 * the CN of the subject. A bare name (no `<S>`) is taken as it is. SANs are not stored in AD, so a
 * certificate whose CN is not the connector's name may still carry it as a SAN: callers say so.
 */
export function certificateSubjectNames(tlsCertificateName: string | undefined): string[] {
  if (!tlsCertificateName?.trim()) return [];
  const t = tlsCertificateName.trim();
  const subject = /<S>/i.test(t) ? t.slice(t.search(/<S>/i) + 3) : t;
  const cn = subject.match(/(?:^|,)\s*CN=([^,]+)/i)?.[1]?.trim();
  if (cn) return [cn.toLowerCase()];
  return /^[*a-z0-9.-]+$/i.test(subject.trim()) ? [subject.trim().toLowerCase()] : [];
}

/**
 * Whether an inbound connector's TlsSenderCertificateName accepts a certificate name.
 * - A certificate wildcard `*.contoso.com` covers exactly one label (RFC 6125 §6.4.3):
 *   mail.contoso.com, not a.b.contoso.com and not contoso.com.
 * - A connector wildcard `*.contoso.com` accepts the domain and all its subdomains
 *   (New-InboundConnector -TlsSenderCertificateName, Microsoft Learn).
 */
export function certificateNameMatches(connectorName: string, certName: string): boolean {
  const want = connectorName.trim().toLowerCase().replace(/\.$/, '');
  const have = certName.trim().toLowerCase().replace(/\.$/, '');
  if (!want || !have) return false;
  if (want === have) return true;
  if (want.startsWith('*.')) {
    const base = want.slice(2);
    const h = have.startsWith('*.') ? have.slice(2) : have;
    return h === base || h.endsWith(`.${base}`);
  }
  if (have.startsWith('*.')) {
    const base = have.slice(2);
    const dot = want.indexOf('.');
    return dot > 0 && want.slice(dot + 1) === base;
  }
  return false;
}

/**
 * The on-premises SMTP domains in the hybrid: the HybridConfiguration's Domains when read, else
 * the Authoritative on-prem accepted domains, else the configured `domains`; Microsoft's own
 * domains (onmicrosoft.com) are not on-premises domains.
 */
export function onPremHybridDomains(
  hybrid: HybridConfiguration | null | undefined,
  accepted: readonly AcceptedDomain[] | undefined,
  settings: CheckSettings,
): { domains: string[]; from: string } {
  const clean = (ds: readonly string[]) =>
    [...new Set(ds.map((d) => d.trim().toLowerCase().replace(/^\*\./, '')).filter(Boolean))].filter(
      (d) => !isMicrosoftOwnedDomain(d),
    );
  if (hybrid?.domains.length) return { domains: clean(hybrid.domains), from: 'HybridConfiguration Domains' };
  if (accepted?.length)
    return {
      domains: clean(accepted.filter((a) => /^authoritative$/i.test(a.type)).map((a) => a.domain)),
      from: 'on-premises Authoritative accepted domains',
    };
  return { domains: clean(settings.domains), from: 'config domains' };
}

/** The tenant's coexistence domain from the config, else one ending in .mail.onmicrosoft.com. */
export function tenantCoexistenceDomain(
  settings: CheckSettings,
  candidates: readonly string[] = [],
): string | undefined {
  return (
    coexistenceDomainFor(settings.tenant) ?? candidates.find((d) => isCoexistenceDomain(d))?.toLowerCase()
  );
}

/** Host of a URL, lower-cased; undefined when it is not a URL. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url.trim()).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The on-premises Autodiscover hosts: SCP URLs' hosts and autodiscover.<domain> of each on-prem domain. */
function onPremAutodiscoverHosts(
  scps: readonly AutodiscoverScp[] | undefined,
  domains: readonly string[],
): string[] {
  const hosts = new Set<string>();
  for (const s of scps ?? [])
    for (const u of s.urls) {
      const h = hostOf(u);
      if (h) hosts.add(h);
    }
  for (const d of domains) hosts.add(`autodiscover.${d}`);
  return [...hosts];
}

/** Exchange Online's own hosts: a connector or relationship pointing there points at the cloud, not on-premises. */
export function isMicrosoftHost(host: string): boolean {
  return /(^|\.)(outlook\.com|office365\.com|office\.com|microsoft\.com|onmicrosoft\.com)$/i.test(host);
}

/** `a, b` or `none`. */
export function listText(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'none';
}

/**
 * What the cloud side of free/busy (organization relationship, intra-organization connector) must
 * point at on-premises: the hybrid domains and the Autodiscover hosts (from the SCPs, plus the
 * check's `autodiscoverHosts` option), and a test whether an object targets on-premises at all
 * (names an on-prem domain, or an endpoint on a host that is not Microsoft's).
 */
export function onPremSharingTarget(
  artifacts: {
    'ldap.hybridConfiguration'?: HybridConfiguration | null;
    'ldap.acceptedDomains'?: readonly AcceptedDomain[];
    'ldap.autodiscoverScps'?: readonly AutodiscoverScp[];
  },
  extraHosts: readonly string[],
  settings: CheckSettings,
): {
  domains: string[];
  from: string;
  hosts: string[];
  targetsOnPrem(domains: readonly string[], endpoint: string | undefined): boolean;
} {
  const { domains, from } = onPremHybridDomains(
    artifacts['ldap.hybridConfiguration'],
    artifacts['ldap.acceptedDomains'],
    settings,
  );
  const hosts = [
    ...onPremAutodiscoverHosts(artifacts['ldap.autodiscoverScps'], domains),
    ...extraHosts.map((h) => h.toLowerCase()),
  ];
  const targetsOnPrem = (names: readonly string[], endpoint: string | undefined) => {
    const host = hostOf(endpoint);
    return names.some((d) => domains.includes(d.toLowerCase())) || (!!host && !isMicrosoftHost(host));
  };
  return { domains, from, hosts, targetsOnPrem };
}
