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
}

declare module '../../engine/artifacts.ts' {
  interface ArtifactMap {
    /** Answers per mail domain, keyed `${name}/${type}` (e.g. `autodiscover.contoso.com/CNAME`). */
    'dns.domains': Record<string, Record<string, DnsAnswer>>;
  }
}
