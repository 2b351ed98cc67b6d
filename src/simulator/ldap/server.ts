import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import {
  BerReader,
  BerWriter,
  BindRequest,
  type Control,
  ExtendedRequest,
  PagedResultsControl,
  SearchRequest,
} from 'ldapts';
import type { DirEntry, Directory } from './directory.ts';
import type { LdifValue } from './ldif.ts';
import {
  closestMatch,
  dnsName,
  messageLength,
  OP,
  referenceMessage,
  result,
  START_TLS_OID,
  writeSearchEntry,
} from './protocol.ts';

export interface SimAccount {
  /** Names it binds with: DN, UPN, DOMAIN\sam (compared case-insensitively). */
  names: string[];
  password: string;
  /** An AD sub-code returned even for the right password: 533 disabled, 775 locked, 532 expired… */
  state?: '532' | '533' | '701' | '773' | '775';
}

export interface SimLdapOptions {
  directory: Directory;
  /** `ldaps` (TLS from the first byte) or `ldap` (plain, StartTLS available). */
  mode: 'ldaps' | 'ldap';
  tls: { key: Buffer | string; cert: Buffer | string };
  accounts: SimAccount[];
  /** AD's MaxPageSize: an unpaged search over it fails with sizeLimitExceeded (4). */
  maxPageSize?: number;
  /** AD's MaxValRange: multi-valued attributes above it are returned in ranges. */
  maxValRange?: number;
  /** Like AD with "require signing" / Samba's default: simple bind needs TLS. */
  requireTlsForBind?: boolean;
  host?: string;
  port?: number;
}

interface SearchLogEntry {
  base: string;
  scope: string;
  filter: string;
  paged: boolean;
  pageSize?: number;
  returned: number;
}

interface RunningLdap {
  port: number;
  url: string;
  /** Every search answered (for tests that assert paging). */
  log: SearchLogEntry[];
  binds: { name: string; result: number }[];
  close(): Promise<void>;
}

interface Cursor {
  entries: DirEntry[];
  offset: number;
  referrals: string[];
  attributes: string[];
  typesOnly: boolean;
}

/**
 * An in-process LDAP server on loopback that answers like Active Directory for what the
 * scanner reads: simple bind with AD's `data 52e`-style diagnostics, LDAPS and StartTLS,
 * paged searches with cookies (and sizeLimitExceeded without paging), AD matching rules
 * 803/804, continuation references for child partitions, and ranged attribute retrieval.
 */
export async function startLdapServer(opts: SimLdapOptions): Promise<RunningLdap> {
  const log: SearchLogEntry[] = [];
  const binds: { name: string; result: number }[] = [];
  const sockets = new Set<Socket>();
  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, opts, log, binds, opts.mode === 'ldaps');
  };
  const server: Server =
    opts.mode === 'ldaps'
      ? createTlsServer({ key: opts.tls.key, cert: opts.tls.cert, noDelay: true }, handle)
      : createTcpServer({ noDelay: true }, handle);
  server.on('tlsClientError', () => {});
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `${opts.mode}://localhost:${port}`,
    log,
    binds,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

class Connection {
  private buffer = Buffer.alloc(0);
  private boundAs: string | undefined;
  private cursors = new Map<string, Cursor>();
  private paused = false;

  constructor(
    private socket: Socket,
    private readonly opts: SimLdapOptions,
    private readonly log: SearchLogEntry[],
    private readonly binds: { name: string; result: number }[],
    private secure: boolean,
  ) {
    this.listen(socket);
  }

  private listen(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    socket.on('error', () => socket.destroy());
  }

  private drain() {
    while (!this.paused && this.buffer.length > 0) {
      const total = messageLength(this.buffer);
      if (total === undefined || this.buffer.length < total) return;
      const message = this.buffer.subarray(0, total);
      this.buffer = this.buffer.subarray(total);
      try {
        this.dispatch(message);
      } catch {
        this.socket.destroy();
        return;
      }
    }
  }

  private dispatch(message: Buffer) {
    const reader = new BerReader(message);
    reader.readSequence();
    const messageId = reader.readInt() ?? 0;
    const op = reader.peek();
    if (op === OP.unbindRequest) {
      this.socket.end();
      return;
    }
    if (op === OP.abandonRequest) return;
    reader.readSequence();
    if (op === OP.bindRequest) {
      const req = new BindRequest({ messageId });
      req.parse(reader, []);
      this.bind(messageId, req.dn, String(req.password));
    } else if (op === OP.searchRequest) {
      const req = new SearchRequest({ messageId, filter: undefined as never });
      req.parse(reader, []);
      this.search(messageId, req);
    } else if (op === OP.extendedRequest) {
      const req = new ExtendedRequest({ messageId });
      req.parse(reader, []);
      this.extended(messageId, req.oid);
    } else {
      this.send(result(messageId, 0x65, 53, '', 'operation not supported by the simulator (read-only)'));
    }
  }

  private bind(messageId: number, name: string, password: string) {
    const reply = (code: number, diag: string) => {
      this.binds.push({ name, result: code });
      this.send(result(messageId, OP.bindResponse, code, '', diag));
    };
    if (!name && !password) {
      this.boundAs = undefined;
      reply(0, '');
      return;
    }
    if ((this.opts.requireTlsForBind ?? true) && !this.secure) {
      reply(
        8,
        '00002028: LdapErr: DSID-0C090259, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, v4f7c',
      );
      return;
    }
    const account = this.opts.accounts.find((a) =>
      a.names.some((n) => n.toLowerCase() === name.toLowerCase()),
    );
    const data = !account || account.password !== password ? '52e' : account.state;
    if (data) {
      reply(
        49,
        `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data ${data}, v4f7c`,
      );
      return;
    }
    this.boundAs = name;
    reply(0, '');
  }

  private extended(messageId: number, oid: string) {
    if (oid !== START_TLS_OID) {
      this.send(result(messageId, OP.extendedResponse, 2, '', `unsupported extended operation ${oid}`));
      return;
    }
    if (this.secure) {
      this.send(result(messageId, OP.extendedResponse, 1, '', 'TLS is already active'));
      return;
    }
    this.send(result(messageId, OP.extendedResponse, 0, '', '', START_TLS_OID));
    this.paused = true;
    const raw = this.socket;
    raw.removeAllListeners('data');
    const tls = new TLSSocket(raw, { isServer: true, key: this.opts.tls.key, cert: this.opts.tls.cert });
    this.socket = tls;
    this.secure = true;
    this.paused = false;
    this.listen(tls);
  }

  private search(messageId: number, req: SearchRequest) {
    const dir = this.opts.directory;
    const paged = req.controls?.find((c: Control) => c instanceof PagedResultsControl) as
      | PagedResultsControl
      | undefined;
    const filterText = req.filter.toString();
    const isRootDse = req.baseDN === '' && req.scope === 'base';
    if (!this.boundAs && !isRootDse) {
      this.send(
        result(
          messageId,
          OP.searchDone,
          1,
          '',
          '000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4f7c',
        ),
      );
      return;
    }
    const maxPage = this.opts.maxPageSize ?? 1000;
    let cursor: Cursor | undefined;
    const cookieIn = paged?.value?.cookie?.length ? paged.value.cookie.toString('hex') : undefined;
    if (cookieIn) {
      cursor = this.cursors.get(cookieIn);
      this.cursors.delete(cookieIn);
      if (!cursor) {
        this.send(
          result(
            messageId,
            OP.searchDone,
            2,
            '',
            '00002040: SvcErr: DSID-03100, problem 5012 (DIR_ERROR), data 0 (invalid paging cookie)',
          ),
        );
        return;
      }
    } else {
      const base = dir.get(req.baseDN);
      if (!base) {
        this.send(
          result(
            messageId,
            OP.searchDone,
            32,
            closestMatch(dir, req.baseDN),
            `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of: '${closestMatch(dir, req.baseDN)}'`,
          ),
        );
        return;
      }
      const scoped = dir.scope(base, req.scope);
      cursor = {
        entries: scoped.entries.filter((e) => dir.matches(e, req.filter)),
        offset: 0,
        referrals: scoped.referrals,
        attributes: req.attributes,
        typesOnly: !req.returnAttributeValues,
      };
    }
    const size = paged ? Math.min(Math.max(paged.value?.size ?? maxPage, 1), maxPage) : undefined;
    if (!paged && cursor.entries.length > maxPage) {
      this.sendEntries(messageId, cursor.entries.slice(0, maxPage), cursor);
      this.log.push({
        base: req.baseDN,
        scope: req.scope,
        filter: filterText,
        paged: false,
        returned: maxPage,
      });
      this.send(result(messageId, OP.searchDone, 4, '', 'Size Limit Exceeded'));
      return;
    }
    const slice = size ? cursor.entries.slice(cursor.offset, cursor.offset + size) : cursor.entries;
    this.sendEntries(messageId, slice, cursor);
    cursor.offset += slice.length;
    const more = cursor.offset < cursor.entries.length;
    this.log.push({
      base: req.baseDN,
      scope: req.scope,
      filter: filterText,
      paged: Boolean(paged),
      ...(paged ? { pageSize: paged.value?.size ?? 0 } : {}),
      returned: slice.length,
    });
    if (!more) {
      for (const ref of cursor.referrals)
        this.send(referenceMessage(messageId, `ldap://${dnsName(dir)}/${ref}`));
    }
    let controls: Control[] = [];
    if (paged) {
      let cookie = Buffer.alloc(0);
      if (more) {
        cookie = randomBytes(8);
        this.cursors.set(cookie.toString('hex'), cursor);
      }
      controls = [new PagedResultsControl({ value: { size: 0, cookie } })];
    }
    this.send(result(messageId, OP.searchDone, 0, '', '', undefined, controls));
  }

  /**
   * The entries' messages, written in batches of about 64 KB: ldapts's BerWriter starts every
   * writer with a zeroed 1 KB buffer and grows it eightfold, so a writer per entry allocated
   * ~9 KB for each one, and at 100,000 users the simulator's garbage collection outweighed the
   * clients it serves.
   */
  private sendEntries(messageId: number, entries: DirEntry[], cursor: Cursor): void {
    const batch = 64 * 1024;
    let w = new BerWriter({ size: batch * 2, growthFactor: 2 });
    for (const entry of entries) {
      this.writeEntry(w, messageId, entry, cursor);
      if (w.buffer.length >= batch) {
        this.send(w.buffer);
        w = new BerWriter({ size: batch * 2, growthFactor: 2 });
      }
    }
    if (w.buffer.length) this.send(w.buffer);
  }

  private writeEntry(w: BerWriter, messageId: number, entry: DirEntry, cursor: Cursor): void {
    const selected = this.selectAttributes(entry, cursor.attributes);
    writeSearchEntry(
      w,
      messageId,
      entry.dn,
      selected.map(([name, values]) => [name, cursor.typesOnly ? undefined : values] as const),
    );
  }

  /** The requested attributes (all for none or `*`), with AD's ranged retrieval applied. */
  private selectAttributes(entry: DirEntry, requested: string[]): [string, LdifValue[]][] {
    const dir = this.opts.directory;
    const maxRange = this.opts.maxValRange ?? 1500;
    const out: [string, LdifValue[]][] = [];
    const all = requested.length === 0 || requested.includes('*');
    const ranged = (name: string, values: LdifValue[], low: number, high: number | undefined) => {
      const last = values.length - 1;
      const end = Math.min(high ?? last, low + maxRange - 1, last);
      const slice = values.slice(low, end + 1);
      out.push([`${name};range=${low}-${end >= last ? '*' : end}`, slice]);
    };
    if (all) {
      for (const { name, values } of entry.attrs.values()) {
        if (values.length > maxRange) ranged(name, values, 0, undefined);
        else out.push([name, values]);
      }
    }
    for (const r of requested) {
      if (r === '*' || r === '1.1') continue;
      const m = r.match(/^([^;]+);range=(\d+)-(\d+|\*)$/i);
      const attr = (m ? m[1] : r)!.toLowerCase();
      if (all && entry.attrs.has(attr) && !m) continue;
      const values = dir.values(entry, attr);
      if (values.length === 0) continue;
      const name = entry.attrs.get(attr)?.name ?? (attr === 'distinguishedname' ? 'distinguishedName' : attr);
      if (m) ranged(name, values, Number(m[2]), m[3] === '*' ? undefined : Number(m[3]));
      else if (values.length > maxRange) ranged(name, values, 0, undefined);
      else out.push([name, values]);
    }
    return out;
  }

  private send(buf: Buffer) {
    if (!this.socket.destroyed) this.socket.write(buf);
  }
}
