/**
 * DNS artifacts shared with other sources' checks. Every answer keeps its state: a SERVFAIL or
 * a timeout is never the same as "record missing".
 */
export type DnsState = 'noerror' | 'nodata' | 'nxdomain' | 'servfail' | 'refused' | 'timeout' | 'error';

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  /** Type-specific value: a string (A, AAAA, CNAME, TXT joined), or an object (MX, SRV, DS…). */
  data: unknown;
}

export interface DnsAnswer {
  name: string;
  type: string;
  state: DnsState;
  records: DnsRecord[];
  /** CNAMEs followed to reach the answer, in order. */
  cnameChain?: string[];
  /** The AD (authenticated data) flag of the answer. */
  authenticated?: boolean;
  server?: string;
  transport?: 'udp' | 'tcp';
  /** For `error`/`timeout`: what happened. */
  detail?: string;
  /** The answer carried RRSIGs for the records (the zone is signed and the server sent them). */
  signed?: boolean;
  /** For NXDOMAIN/NODATA: the negative-caching TTL from the SOA in the authority section. */
  negativeTtl?: number;
  /** The UDP answer was truncated (TC) and the query was repeated over TCP. */
  truncated?: boolean;
}

/** MX / SRV / DS / DNSKEY / TLSA / SOA record data as stored in `DnsRecord.data`. */
export interface MxData {
  preference: number;
  exchange: string;
}
export interface SrvData {
  priority: number;
  weight: number;
  port: number;
  target: string;
}
export interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: string;
}
export interface DnskeyData {
  flags: number;
  algorithm: number;
  /** base64 of the public key. */
  key: string;
}
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  /** hex of the association data. */
  certificate: string;
}

/** Where a mail domain came from. */
export type MailDomainOrigin = 'graph' | 'ldap' | 'config';

export interface MailDomain {
  domain: string;
  origins: MailDomainOrigin[];
}

export type SpfQualifier = '+' | '-' | '~' | '?';

/** One term of an SPF record, with what the collector resolved for it. */
export interface SpfTerm {
  raw: string;
  kind: 'mechanism' | 'modifier' | 'unknown';
  /** Mechanism name (all, include, a, mx, ptr, ip4, ip6, exists) or modifier name (redirect, exp…). */
  name: string;
  qualifier?: SpfQualifier;
  /** The argument after `:` or `=` (macros already expanded when they only use %{d}). */
  value?: string;
  /** CIDR lengths of a/mx (`a/24//64`). */
  cidr4?: number;
  cidr6?: number;
  /** This term made a DNS-querying lookup that counts towards the limit of 10. */
  counts: boolean;
  /** The running count of DNS-querying terms after this one (in evaluation order). */
  lookupNumber?: number;
  /** DNS lookups of this term that found nothing (NXDOMAIN or NODATA). */
  voidLookups?: number;
  /** For a/mx/exists: the addresses found (mx: of every exchange). */
  addresses?: string[];
  /** For mx: the exchanges found. */
  exchanges?: string[];
  /** For include/redirect: the evaluated record of the target domain. */
  child?: SpfNode;
  /** A macro that depends on the sender (%{i}, %{s}, %{l}…) so the term cannot be resolved statically. */
  dynamic?: boolean;
  /** A fault of this term: syntax, DNS failure, loop. */
  error?: string;
  /** The DNS state behind `error` (servfail/timeout make the result a temperror). */
  dnsState?: DnsState;
}

export interface SpfNode {
  domain: string;
  /** State of the TXT query for `domain`. */
  state: DnsState;
  /** Every `v=spf1` record found (more than one is a permerror). */
  records: string[];
  terms: SpfTerm[];
  /** Syntax or structure problems of this record (permerror causes). */
  errors: string[];
}

export interface SpfEvaluation {
  domain: string;
  tree: SpfNode;
  /** DNS-querying terms counted over the whole evaluation (RFC 7208 §4.6.4: limit 10). */
  lookups: number;
  /** DNS lookups that returned NXDOMAIN or NODATA (limit 2). */
  voidLookups: number;
  /**
   * none: no SPF record; ok: parsed, within limits; permerror: syntax, multiple records or a limit
   * exceeded; temperror: a DNS lookup failed (SERVFAIL/timeout), so the result is unknown.
   */
  result: 'none' | 'ok' | 'permerror' | 'temperror';
  errors: string[];
  /** The `all` of the top record (or of its redirect target). */
  all?: SpfQualifier;
  /** Expansion stopped at this many lookups (evidence stays bounded); the real count may be higher. */
  truncatedAt?: number;
}

/** The MTA-STS policy of a domain (RFC 8461), fetched over HTTPS. */
export interface MtaStsFetch {
  url: string;
  httpStatus?: number;
  /** Network or TLS fault (certificate name mismatch, refused connection…). */
  fault?: string;
  faultCode?: string;
  /** The policy host's address lookup failed (SERVFAIL/timeout…): the policy is unknown, not absent. */
  dnsState?: DnsState;
  policy?: { version?: string; mode?: string; mx: string[]; maxAge?: number };
  /** Lines of the policy the parser did not understand. */
  problems?: string[];
}

/** The artifacts the dns source writes, by key. */
export interface DnsArtifacts {
  /** Answers per mail domain, keyed `${name}/${type}` (e.g. `autodiscover.contoso.com/CNAME`). */
  'dns.domains': Record<string, Record<string, DnsAnswer>>;
  /** The mail domains scanned and where each came from. */
  'dns.mailDomains': MailDomain[];
  /** The expanded SPF evaluation per mail domain (resolved during collection). */
  'dns.spf': Record<string, SpfEvaluation>;
  /** MTA-STS policy fetches per mail domain that publishes `_mta-sts`. */
  'dns.mtaSts': Record<string, MtaStsFetch>;
  /** A/AAAA of on-premises Exchange hosts (AD server FQDNs and Autodiscover SCP hosts), keyed `${name}/${type}`. */
  'dns.onPremHosts': Record<string, DnsAnswer>;
  /** The MailStore Gateway domain's MX and the exchanges' addresses. */
  'dns.gateway': { domain: string; answers: Record<string, DnsAnswer> };
}
