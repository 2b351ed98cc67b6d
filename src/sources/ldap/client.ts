import net from 'node:net';
import tls from 'node:tls';
import { withTimeout } from '../../util/timeout.ts';
import { connectTarget } from '../../util/tls.ts';
import { trustContext } from '../net/trust-context.ts';
import { type LdapEntry, strings } from './entry.ts';
import { explainLdapError, LdapError } from './errors.ts';
import { StreamingClient } from './stream.ts';

// Importers read errors and entries through the client, as before the split.
export { b64, type LdapEntry, num, spelling, str, strings, strs } from './entry.ts';
export { AD_BIND_SUBCODES, explainLdapError, LdapError, type LdapErrorCode } from './errors.ts';

/** AD's MaxPageSize: a paged search may not ask for more per page. */
const MAX_PAGE_SIZE = 1000;

/**
 * Binary attributes, in the exact case AD's schema spells them: ldapts matches
 * `explicitBufferAttributes` case-sensitively, and without it a GUID whose bytes happen to be
 * valid UTF-8 comes back as a (corrupted) string. The lower-case forms cover servers that echo
 * the requested case.
 */
const BINARY_ATTRIBUTES = [
  'objectGUID',
  'mS-DS-ConsistencyGuid',
  'msExchMailboxGuid',
  'objectSid',
  'msExchArchiveGuid',
] as const;
const BUFFER_ATTRIBUTES = [
  ...BINARY_ATTRIBUTES,
  ...BINARY_ATTRIBUTES.map((a) => a.toLowerCase()),
  'ms-DS-ConsistencyGuid',
  // AD's schema spelling (lDAPDisplayName) of msExchArchiveGuid
  'msExchArchiveGUID',
];

export interface LdapSessionOptions {
  url: string;
  bindDn?: string;
  password?: string;
  startTls: boolean;
  allowInsecure: boolean;
  /** Every CA to trust (Node's roots + endpoints.caFile + ldap.caFile). */
  ca: string[];
  timeoutMs: number;
  pageSize: number;
  connectTo?: readonly string[];
  signal?: AbortSignal;
  /** Called once per page received (for request counting and progress). */
  onPage?: (info: { base: string; filter: string; entries: number; page: number }) => void;
  /**
   * false: entries are converted from each page ldapts returns, not as each is parsed
   * (./stream.ts) — what runs when ldapts's internals are not as expected. Default true.
   */
  streamEntries?: boolean;
}

interface SearchSpec {
  scope?: 'base' | 'one' | 'sub';
  filter?: string;
  attributes?: string[];
  /** Stop after this many entries (0 = all). Pages are still <= pageSize. */
  limit?: number;
  /** Called after each page with the number of entries read so far (progress of long reads). */
  onProgress?: (entries: number) => void;
}

/**
 * Sockets with Nagle's algorithm off, as OpenLDAP's libldap opens them: LDAP is a conversation of
 * small requests and answers (each page's request is sent when the page before it ends), and with
 * Nagle on, a small write waiting for the ACK of the one before met the peer's delayed ACK: about
 * 40 ms lost on some requests (the rootDSE read, a search's last page). A TLS socket passes
 * setNoDelay on to its TCP socket.
 */
const NO_DELAY = {
  createConnection: ((...args: Parameters<typeof net.connect>) =>
    net.connect(...args).setNoDelay(true)) as typeof net.connect,
  createSecureConnection: ((...args: Parameters<typeof tls.connect>) =>
    tls.connect(...args).setNoDelay(true)) as typeof tls.connect,
};

function parseLdapUrl(url: string): { secure: boolean; host: string; port: number } {
  const m = url.match(/^(ldaps?):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/i);
  if (!m) throw new LdapError(`invalid LDAP URL ${url}`, 'LDAP_ERROR');
  const secure = m[1]!.toLowerCase() === 'ldaps';
  return { secure, host: m[2]!, port: m[3] ? Number(m[3]) : secure ? 636 : 389 };
}

/**
 * A read-only LDAP session over ldapts: LDAPS or StartTLS with a verified certificate, a
 * simple bind only on an encrypted connection (unless allowInsecure), every search paged with
 * at most 1000 entries per page, AD ranged retrieval, binary attributes as Buffers.
 */
export class LdapSession {
  readonly server: string;
  readonly transport: 'ldaps' | 'starttls' | 'ldap';
  private pages = 0;
  private constructor(
    private readonly client: StreamingClient,
    private readonly opts: LdapSessionOptions,
    transport: 'ldaps' | 'starttls' | 'ldap',
  ) {
    this.server = opts.url;
    this.transport = transport;
  }

  /** Refuses what would send a password in clear text, before any byte goes out. */
  static checkTransport(opts: Pick<LdapSessionOptions, 'url' | 'bindDn' | 'startTls' | 'allowInsecure'>) {
    const { secure, host, port } = parseLdapUrl(opts.url);
    if (!secure && !opts.startTls && opts.bindDn && !opts.allowInsecure) {
      throw new LdapError(
        `Refusing a simple bind as ${opts.bindDn} over plain ldap://${host}:${port}: the password would cross the network in clear text (and AD rejects it when LDAP signing/channel binding is enforced). ` +
          'Use ldaps://' +
          host +
          ' (port 636), or keep ldap:// and set ldap.startTls: true. Only on an isolated lab network set ldap.allowInsecure: true.',
        'INSECURE_BIND',
      );
    }
  }

  static async open(opts: LdapSessionOptions): Promise<LdapSession> {
    if (!Number.isInteger(opts.pageSize) || opts.pageSize < 1 || opts.pageSize > MAX_PAGE_SIZE) {
      throw new LdapError(`ldap.pageSize must be 1..${MAX_PAGE_SIZE}, got ${opts.pageSize}`, 'LDAP_ERROR');
    }
    LdapSession.checkTransport(opts);
    const { secure, host, port } = parseLdapUrl(opts.url);
    const target = connectTarget(host.replace(/^\[|\]$/g, ''), port, opts.connectTo ?? []);
    const servername = /^[\d.]+$|:/.test(host) ? undefined : host;
    const tlsOptions = { secureContext: trustContext(opts.ca), ...(servername ? { servername } : {}) };
    const url = `${secure ? 'ldaps' : 'ldap'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    const client = new StreamingClient(
      {
        url,
        timeout: opts.timeoutMs,
        connectTimeout: opts.timeoutMs,
        ...(secure ? { tlsOptions } : {}),
        strictDN: false,
        ...NO_DELAY,
      },
      opts.streamEntries ?? true,
    );
    const transport = secure ? 'ldaps' : opts.startTls ? 'starttls' : 'ldap';
    const session = new LdapSession(client, opts, transport);
    try {
      if (!secure && opts.startTls) {
        await session.op('StartTLS', () => client.startTLS(tlsOptions));
      }
      if (opts.bindDn) {
        await session.op('bind', () => client.bind(opts.bindDn!, opts.password ?? ''));
      }
    } catch (err) {
      await session.close();
      throw explainLdapError(err, 'bind', opts.url);
    }
    return session;
  }

  get bound(): boolean {
    return Boolean(this.opts.bindDn);
  }

  get pageCount(): number {
    return this.pages;
  }

  private op<T>(what: string, work: () => Promise<T>): Promise<T> {
    // The scan's signal is checked between operations (each one is bounded by the timeout), so
    // thousands of pages do not pile listeners onto the shared signal.
    const signal = this.opts.signal;
    if (signal?.aborted) {
      return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('LDAP read stopped'));
    }
    return withTimeout(`LDAP ${what} on ${this.server}`, this.opts.timeoutMs, () => work());
  }

  /**
   * A paged search. Every search — even of one entry — sends the paged-results control with a
   * page size <= 1000, because AD answers an unpaged search over MaxPageSize with
   * sizeLimitExceeded (Samba does not, so tests against it would not notice). Continuation
   * references (AD's referrals to other partitions) are ignored.
   */
  search(base: string, spec: SearchSpec = {}): Promise<LdapEntry[]> {
    return this.searchMap(base, spec, (e) => e);
  }

  /**
   * A paged search whose entries are converted by `convert` one by one, as they are decoded
   * (./stream.ts): only the converted records are kept, so neither ldapts's raw
   * messages (an Attribute, a Buffer view and a string per value) nor the normalised maps outlive
   * their entry. Past `limit` entries are not converted, and no further page is asked for.
   */
  async searchMap<T>(base: string, spec: SearchSpec, convert: (entry: LdapEntry) => T): Promise<T[]> {
    const pageSize = this.opts.pageSize;
    assertPaged(pageSize);
    const filter = spec.filter ?? '(objectClass=*)';
    const limit = spec.limit || Number.POSITIVE_INFINITY;
    const out: T[] = [];
    // Entries arrive inside the stream's decoding, which a throw would stop: a failed conversion
    // is kept and thrown once its page is in. Entries still arriving after the
    // search ended (a timeout) are dropped.
    let failed: { error: unknown } | undefined;
    let open = true;
    const take = (entry: LdapEntry) => {
      if (!open || failed || out.length >= limit) return;
      try {
        out.push(convert(entry));
      } catch (error) {
        failed = { error };
      }
    };
    let page = 0;
    try {
      const pages = this.client.pages(
        base,
        {
          scope: spec.scope ?? 'sub',
          filter,
          attributes: spec.attributes ?? [],
          explicitBufferAttributes: BUFFER_ATTRIBUTES,
          paged: { pageSize },
          timeLimit: Math.ceil(this.opts.timeoutMs / 1000),
        },
        take,
        limit,
      );
      while (true) {
        const next = await this.op(`search ${base} ${filter}`, () => pages.next());
        if (failed) throw failed.error;
        if (next.done) break;
        page++;
        this.pages++;
        const entries = next.value;
        if (entries > pageSize) {
          throw new LdapError(
            `LDAP server returned ${entries} entries in one page of ${pageSize}`,
            'LDAP_ERROR',
          );
        }
        this.opts.onPage?.({ base, filter, entries, page });
        spec.onProgress?.(out.length);
        if (out.length >= limit) {
          await pages.return(undefined);
          break;
        }
      }
    } catch (err) {
      throw explainLdapError(err, `search ${base} ${filter}`, this.server);
    } finally {
      open = false;
    }
    return out;
  }

  /** Reads one object; undefined when it does not exist. */
  async read(dn: string, attributes: string[], filter = '(objectClass=*)'): Promise<LdapEntry | undefined> {
    try {
      return (await this.search(dn, { scope: 'base', filter, attributes }))[0];
    } catch (err) {
      if (err instanceof LdapError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /**
   * Every value of a multi-valued attribute, using AD's ranged retrieval
   * (`member;range=0-*`, then `member;range=<next>-*` until a range ends in `*`). A server
   * that answers with the plain attribute returned everything at once.
   */
  async rangedValues(dn: string, attribute: string, maxRounds = 10_000): Promise<string[]> {
    const values: string[] = [];
    let low = 0;
    const want = attribute.toLowerCase();
    for (let round = 0; round < maxRounds; round++) {
      const entry = await this.read(dn, [`${attribute};range=${low}-*`]);
      if (!entry) return values;
      let rangedKey: string | undefined;
      for (const key of entry.attrs.keys()) if (key.startsWith(`${want};range=`)) rangedKey = key;
      if (!rangedKey) {
        values.push(...strings(entry.attrs.get(want)));
        return values;
      }
      const got = strings(entry.attrs.get(rangedKey));
      values.push(...got);
      const m = rangedKey.match(/;range=(\d+)-(\d+|\*)$/);
      if (!m || m[2] === '*') return values;
      const high = Number(m[2]);
      if (high < low || got.length === 0) return values;
      low = high + 1;
    }
    throw new LdapError(`ranged retrieval of ${attribute} on ${dn} did not finish`, 'LDAP_ERROR');
  }

  async close(): Promise<void> {
    try {
      await withTimeout('LDAP unbind', 2000, () => this.client.unbind());
    } catch {
      // the connection is going away either way
    }
  }
}

function assertPaged(pageSize: number): void {
  if (!(pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    throw new LdapError(`refusing an LDAP search with page size ${pageSize} (must be 1..1000)`, 'LDAP_ERROR');
  }
}
