import { createHmac, randomBytes } from 'node:crypto';
import type { Snapshot } from './types.ts';

/**
 * `--anonymize`: replaces the organisation's names in a snapshot with stable keyed hashes
 * (HMAC-SHA256, first 8 hex digits), so a support engineer sees structure without identities.
 * The same input gives the same token everywhere, so checks that compare names across sources
 * still agree on the anonymized copy. The key stays with the customer: with it they can compute
 * the token of any name (`hybridscan anonymize --lookup NAME`) and map findings back.
 *
 * What is replaced:
 *  - every label of the organisation's own domains (tenant, configured domains, verified tenant
 *    domains, accepted domains, the AD forest's DC= labels), wherever it appears as a word, so
 *    `mail.contoso.com`, `contoso.mail.onmicrosoft.com`, `DC=contoso` and `Contoso Ltd` all change;
 *  - host labels to the left of an organisation domain, except well-known service names;
 *  - the local part of every e-mail address;
 *  - values of person-name attributes (displayName, sAMAccountName, cn…) and RDN values of CN=/OU=
 *    (a CN= that is an organisation host name, as in a certificate subject, is hashed as that host).
 * Microsoft's and public suffixes (com, net, onmicrosoft, outlook…) are kept, so rules about them still work.
 */
const PUBLIC_LABELS = new Set([
  'com',
  'net',
  'org',
  'edu',
  'gov',
  'mil',
  'int',
  'info',
  'biz',
  'io',
  'co',
  'uk',
  'de',
  'fr',
  'nl',
  'ch',
  'at',
  'eu',
  'us',
  'cn',
  'jp',
  'au',
  'ca',
  'local',
  'lan',
  'internal',
  'corp',
  'ad',
  'mail',
  'onmicrosoft',
  'outlook',
  'office365',
  'microsoft',
  'microsoftonline',
  'protection',
  'example',
  'test',
]);
const SERVICE_LABELS = new Set([
  'autodiscover',
  'mail',
  'smtp',
  'www',
  'owa',
  'webmail',
  'mta-sts',
  '_mta-sts',
  '_smtp',
  '_tls',
  '_dmarc',
  '_domainkey',
  'selector1',
  'selector2',
  '_autodiscover',
  '_tcp',
  '_25',
  'lyncdiscover',
  'sip',
  'enterpriseenrollment',
  'enterpriseregistration',
  'msoid',
  'login',
  'graph',
  'sts',
  'adfs',
  'mailstore',
  'gateway',
  'journal',
]);
const NAME_KEYS = new Set([
  'displayName',
  'givenName',
  'surname',
  'sn',
  'sAMAccountName',
  'onPremisesSamAccountName',
  'cn',
  'mailNickname',
  'FederationBrandName',
]);
// `%40` too: addresses also travel URL-encoded (Autodiscover v2 URLs).
const EMAIL = /([A-Za-z0-9._+'-]+)(@|%40)([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/** Objects with one of these keys describe a person: their name attributes are hashed whole. */
const PERSON_KEYS = [
  'userPrincipalName',
  'sAMAccountName',
  'proxyAddresses',
  'mail',
  'onPremisesSamAccountName',
];
const RDN = /\b(CN|OU)=((?:\\,|[^,])+)/gi;
const HOSTNAME = /\b[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+\b/g;

function escapeRegExp(label: string): string {
  return label.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** A case-insensitive match of any of `escaped` as a whole word (not inside a longer name). */
function wordPattern(escaped: readonly string[]): RegExp | undefined {
  return escaped.length
    ? new RegExp(`(?<![A-Za-z0-9])(${escaped.join('|')})(?![A-Za-z0-9])`, 'gi')
    : undefined;
}

export class Anonymizer {
  private readonly words: RegExp | undefined;
  private readonly orgLabels: Set<string>;
  /** Host names seen under an org domain (`ex01` of ex01.contoso.com), also hashed when they stand alone. */
  private readonly shortNames: RegExp | undefined;

  constructor(
    private readonly key: Buffer,
    orgDomains: Iterable<string>,
    hostLabels: Iterable<string> = [],
  ) {
    this.orgLabels = new Set<string>();
    for (const domain of orgDomains) {
      for (const label of domain.toLowerCase().split('.'))
        if (label && !PUBLIC_LABELS.has(label)) this.orgLabels.add(label);
    }
    const escaped = [...this.orgLabels].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.words = wordPattern(escaped);
    this.shortNames = wordPattern(
      [...new Set([...hostLabels].map((l) => l.toLowerCase()))]
        .filter((l) => !this.orgLabels.has(l))
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp),
    );
  }

  /**
   * The labels `host()` would hash in every org host name inside `value`. A server's NetBIOS name
   * (EX01, `ncacn_np:EX01`, an x-feserver header) must get the same token as its FQDN's first label,
   * or the clear short name maps the token back.
   */
  hostLabelsIn(value: string): string[] {
    const out: string[] = [];
    for (const [h] of value.matchAll(HOSTNAME)) {
      const labels = h.split('.');
      const firstOrg = labels.findIndex((l) => this.orgLabels.has(l.toLowerCase()));
      for (const l of labels.slice(0, Math.max(firstOrg, 0))) {
        const lower = l.toLowerCase();
        const hasOrgWord = this.words ? new RegExp(this.words.source, 'i').test(l) : false;
        if (!SERVICE_LABELS.has(lower) && !PUBLIC_LABELS.has(lower) && !hasOrgWord) out.push(lower);
      }
    }
    return out;
  }

  token(value: string, prefix = 'x'): string {
    return `${prefix}${createHmac('sha256', this.key).update(value.toLowerCase()).digest('hex').slice(0, 8)}`;
  }

  text(value: string): string {
    let out = value.replace(
      EMAIL,
      (_, local: string, at: string, domain: string) => `${this.token(local, 'u')}${at}${this.host(domain)}`,
    );
    // A certificate subject (CN=mail.contoso.com, CN=*.contoso.com) names a host, not a person: it
    // must become the same token as that host elsewhere, or certificate-name checks stop agreeing.
    out = out.replace(RDN, (_, kind: string, v: string) => {
      const wildcard = v.startsWith('*.') ? '*.' : '';
      const name = v.slice(wildcard.length);
      return kind.toUpperCase() === 'CN' && this.isOrgHost(name)
        ? `${kind}=${wildcard}${this.host(name)}`
        : `${kind}=${this.token(v, 'n')}`;
    });
    out = out.replace(HOSTNAME, (h) => (this.isOrgHost(h) ? this.host(h) : h));
    if (this.shortNames) out = out.replace(this.shortNames, (w) => this.token(w.toLowerCase(), 'h'));
    return this.words ? out.replace(this.words, (w) => this.token(w)) : out;
  }

  value(v: unknown, key?: string, inPerson = false): unknown {
    if (typeof v === 'string')
      return inPerson && key && NAME_KEYS.has(key) ? this.token(v, 'n') : this.text(v);
    if (Array.isArray(v)) return v.map((item) => this.value(item, key, inPerson));
    if (v && typeof v === 'object') {
      const person = PERSON_KEYS.some((k) => k in v);
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [this.text(k), this.value(inner, k, person)]),
      );
    }
    return v;
  }

  private isOrgHost(host: string): boolean {
    return host
      .toLowerCase()
      .split('.')
      .some((l) => this.orgLabels.has(l));
  }

  /** Org labels and the host labels left of them change; service names and public suffixes stay. */
  private host(host: string): string {
    const labels = host.split('.');
    const firstOrg = labels.findIndex((l) => this.orgLabels.has(l.toLowerCase()));
    if (firstOrg === -1) return host;
    return labels
      .map((l, i) => {
        const lower = l.toLowerCase();
        if (this.orgLabels.has(lower)) return this.token(lower);
        // A label built from the domain (selector1-contoso-com) keeps its shape.
        if (this.words && i < firstOrg && new RegExp(this.words.source, 'i').test(l))
          return l.replace(this.words, (w) => this.token(w));
        if (i < firstOrg && !SERVICE_LABELS.has(lower) && !PUBLIC_LABELS.has(lower))
          return this.token(lower, 'h');
        return l;
      })
      .join('.');
  }
}

/** The key from HYBRIDSCAN_ANONYMIZE_KEY, or a new random one the caller must show the user. */
export function anonymizeKey(env: NodeJS.ProcessEnv): { key: Buffer; generated: boolean; text: string } {
  const given = env.HYBRIDSCAN_ANONYMIZE_KEY;
  if (given) return { key: Buffer.from(given, 'utf8'), generated: false, text: given };
  const text = randomBytes(24).toString('base64url');
  return { key: Buffer.from(text, 'utf8'), generated: true, text };
}

/** The organisation's own domains as the snapshot knows them. */
export function orgDomainsOf(snapshot: Snapshot): Set<string> {
  const out = new Set<string>();
  const add = (d: unknown) => {
    if (typeof d === 'string' && d.includes('.') && !d.includes('@')) out.add(d.toLowerCase());
  };
  add(snapshot.config.tenant);
  snapshot.config.domains.forEach(add);
  const data = (key: string) =>
    snapshot.artifacts[key]?.status === 'ok'
      ? (snapshot.artifacts[key] as { data: unknown }).data
      : undefined;
  for (const d of (data('graph.domains') as { id?: string }[] | undefined) ?? []) add(d.id);
  for (const d of (data('ldap.acceptedDomains') as { domain?: string }[] | undefined) ?? []) add(d.domain);
  for (const u of (data('ldap.users') as { dn?: string }[] | undefined) ?? []) {
    const dcs = [...(u.dn ?? '').matchAll(/DC=([^,]+)/gi)].map((m) => m[1]);
    if (dcs.length) add(dcs.join('.'));
  }
  const ldapUrl = snapshot.config.ldap?.url;
  if (ldapUrl) add(new URL(ldapUrl).hostname.split('.').slice(1).join('.'));
  return out;
}

export function anonymizeSnapshot(snapshot: Snapshot, key: Buffer): Snapshot {
  const domains = orgDomainsOf(snapshot);
  const finder = new Anonymizer(key, domains);
  const hostLabels = new Set<string>();
  forEachString([snapshot.config, snapshot.artifacts, snapshot.sources], (text) => {
    for (const label of finder.hostLabelsIn(text)) hostLabels.add(label);
  });
  const a = new Anonymizer(key, domains, hostLabels);
  return {
    ...snapshot,
    config: a.value(snapshot.config) as Snapshot['config'],
    artifacts: a.value(snapshot.artifacts) as Snapshot['artifacts'],
    sources: a.value(snapshot.sources) as Snapshot['sources'],
    anonymized: true,
  };
}

/** Calls `visit` for every string (keys included) inside `value`, without recursion limits on width. */
function forEachString(value: unknown, visit: (text: string) => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') visit(v);
    else if (Array.isArray(v)) for (const item of v) stack.push(item);
    else if (v && typeof v === 'object')
      for (const [k, inner] of Object.entries(v)) {
        visit(k);
        stack.push(inner);
      }
  }
}
