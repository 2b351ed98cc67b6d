/**
 * Paged searches whose entries are decoded and handed over one by one, as they arrive, instead
 * of as a page: ldapts (8.x) builds a raw message per entry (an Attribute with a Buffer view and
 * a decoded string per value, per attribute), keeps a page of them until its SearchResultDone,
 * then copies the page once more into plain objects. At 1000 entries a page those objects reached
 * V8's old space, and decoding them (a fatal TextDecoder tried on every value, an exception per
 * binary GUID) was over half the LDAP source's CPU time.
 *
 * The hook is ldapts's message parser's `read` (private in its types, called by the client with
 * each chunk of the socket and its map of pending requests by message id): ./frame.ts splits the
 * chunks into LDAP messages itself, without ldapts's BER reader and Buffer views per message; an
 * entry of a search that registered a sink is queued there, its bytes only, and ldapts is handed
 * one stand-in per page in its place (its paging asks for the next page only after a page with
 * entries), so its paging (the cookie, the result-code check) runs unchanged; every other message
 * is handed to ldapts's own `read`, whole. The queue is decoded by ./entry-decoder.ts a batch per
 * turn of the event loop, so a page's result is parsed as soon as it arrives and the next page is
 * asked for while this one is decoded: the server composes a page while the client decodes the
 * last. Entries that reach the page result anyway (the hook not installed or not reached) are
 * converted from there: the records are the same either way, only the cost differs.
 */
import { debuglog } from 'node:util';
import { Client, type ClientOptions, SearchEntry, type SearchOptions } from 'ldapts';
import { keepsSpelling, type LdapEntry, normalizeEntry } from './entry.ts';
import { EntryDecoder } from './entry-decoder.ts';
import { MessageFramer, messageHead } from './frame.ts';

/** Takes one entry; must not throw (a throw would stop the search's decoding). */
type EntrySink = (entry: LdapEntry) => void;

/** RFC 4511 §4.5.2: [APPLICATION 4], constructed. */
const SEARCH_RESULT_ENTRY = 0x64;

/** A pending request as ldapts keeps it, by message id (a string): what the hook reads of it. */
interface PendingRequest {
  message?: { attributes?: unknown };
}

/** What the hook reads of ldapts's parser (private in its types, checked at run time). */
interface ParserInternals {
  read(data: Buffer, pending: Map<string, PendingRequest>): void;
  emit(event: 'message', message: unknown): boolean;
}

/** What a streamed entry's stand-in gives ldapts's page result: skipped by `pages`. */
const STREAMED = Object.freeze({ dn: '' });

/** Stands in for a streamed entry in ldapts's page: counted there, holding nothing. */
class StreamedEntry extends SearchEntry {
  override toObject(): typeof STREAMED {
    return STREAMED;
  }
}

const debug = debuglog('hybridscan');
const noted = new Set<string>();
/** A one-time debug note (NODE_DEBUG=hybridscan) per reason the hook is not used. */
function noteOnce(reason: string): void {
  if (noted.has(reason)) return;
  noted.add(reason);
  debug(`LDAP: ${reason}; searches fall back to ldapts's searchPaginated (each page held whole)`);
}

/** Why ldapts's internals are not what the hook expects (undefined when they are). */
export function hookMismatch(instance: object): string | undefined {
  const parser = (instance as { messageParser?: Partial<ParserInternals> }).messageParser;
  if (typeof parser?.read !== 'function') return 'ldapts Client has no messageParser.read';
  if (typeof parser.emit !== 'function') return 'ldapts messageParser is no event emitter';
  if (typeof SearchEntry.prototype.toObject !== 'function') return 'ldapts SearchEntry has no toObject';
  return undefined;
}

/** How many entries one turn of the event loop decodes before socket reads get their turn. */
const DECODE_BATCH = 64;

/**
 * The entries of one search: queued as their messages are parsed (the bytes only), decoded and
 * handed to the sink a batch per turn of the event loop. Decoding outside ldapts's socket handler
 * lets a page's SearchResultDone (its cookie) be parsed as soon as it arrives, while earlier
 * entries are still queued, so the next page can be asked for before this one is decoded.
 */
class Search {
  private readonly buffers: Buffer[] = [];
  private readonly bounds: number[] = [];
  private head = 0;
  private scheduled = false;
  private failure: { error: unknown } | undefined;
  private waiter: { mark: number; resolve(): void; reject(error: unknown): void } | undefined;
  private stand?: StreamedEntry;
  /** Entries queued so far, and decoded (handed to the sink) so far. */
  queued = 0;
  decoded = 0;
  closed = false;

  constructor(
    private readonly sink: EntrySink,
    private readonly decoder: EntryDecoder,
  ) {}

  /** Queues the entry whose body is `buffer[start, end)` (a socket chunk: never written again). */
  push(buffer: Buffer, start: number, end: number): void {
    if (this.closed) return;
    this.buffers.push(buffer);
    this.bounds.push(start, end);
    this.queued++;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
  }

  /** What ldapts's page holds for each entry of the page `messageId`: one object per page. */
  standIn(messageId: number): StreamedEntry {
    if (this.stand?.messageId !== messageId) this.stand = new StreamedEntry({ messageId });
    return this.stand;
  }

  /** Settles once the first `mark` entries were handed over; rejects with a decoding failure. */
  decodedUpTo(mark: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.decoded >= mark) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiter = { mark, resolve, reject };
    });
  }

  /** Drops what is queued: the search is over. */
  close(): void {
    this.closed = true;
    this.buffers.length = 0;
    this.bounds.length = 0;
    this.head = 0;
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    if (this.closed || this.failure) return;
    const buffers = this.buffers;
    const stop = Math.min(buffers.length, this.head + DECODE_BATCH);
    try {
      for (; this.head < stop; this.head++) {
        const buffer = buffers[this.head]!;
        buffers[this.head] = EMPTY;
        const entry = this.decoder.decode(
          buffer,
          this.bounds[2 * this.head]!,
          this.bounds[2 * this.head + 1]!,
        );
        this.decoded++;
        this.sink(entry);
      }
    } catch (error) {
      this.failure = { error };
      this.close();
      this.waiter?.reject(error);
      this.waiter = undefined;
      return;
    }
    if (this.head < buffers.length) {
      this.scheduled = true;
      setImmediate(this.drain);
    } else {
      buffers.length = 0;
      this.bounds.length = 0;
      this.head = 0;
    }
    if (this.waiter && this.decoded >= this.waiter.mark) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve();
    }
  };
}

const EMPTY = Buffer.alloc(0);

/** An ldapts Client whose paged searches can hand each entry over as soon as it arrives. */
export class StreamingClient extends Client {
  /** Searches by the `attributes` array of their request, which ldapts keeps on its SearchRequest. */
  private readonly searches = new WeakMap<object, Search>();
  /** Whether entries are streamed (false: ldapts's internals are not as expected, or turned off). */
  readonly streaming: boolean;

  constructor(options: ClientOptions, stream = true) {
    super(options);
    const mismatch = hookMismatch(this);
    if (mismatch) noteOnce(mismatch);
    this.streaming = stream && !mismatch;
    if (!this.streaming) return;
    const parser = (this as unknown as { messageParser: ParserInternals }).messageParser;
    const read = parser.read;
    let pending: Map<string, PendingRequest> = new Map();
    const framer = new MessageFramer(
      (buf, start, end) => {
        if (!this.streamed(parser, pending, buf, start, end))
          read.call(parser, buf.subarray(start, end), pending);
      },
      (data) => read.call(parser, data, pending),
    );
    let socket: unknown;
    parser.read = (data, requests) => {
      // a partial message of a connection that is gone is not the start of this one's
      const current = (this as unknown as { socket?: unknown }).socket;
      if (current !== socket) {
        socket = current;
        framer.reset();
      }
      pending = requests;
      framer.push(data);
    };
  }

  /**
   * Whether the message `buf[start, end)` is an entry of a search with a sink: then it is queued
   * there and ldapts gets the page's stand-in for it. Anything else is left to ldapts.
   */
  private streamed(
    parser: ParserInternals,
    pending: Map<string, PendingRequest>,
    buf: Buffer,
    start: number,
    end: number,
  ): boolean {
    const head = messageHead(buf, start, end);
    if (head?.operation !== SEARCH_RESULT_ENTRY) return false;
    const attributes = pending.get(String(head.messageId))?.message?.attributes;
    const search = typeof attributes === 'object' && attributes ? this.searches.get(attributes) : undefined;
    if (!search) return false;
    search.push(buf, head.bodyStart, head.bodyEnd);
    parser.emit('message', search.standIn(head.messageId));
    return true;
  }

  /**
   * `searchPaginated`, each entry handed to `onEntry` (as it arrives when streaming, else from its
   * page); yields the number of entries of each page, after the page's last one was handed over.
   * The next page is asked for as soon as a page's result is in, while its entries are still
   * being decoded, unless `limit` entries have arrived.
   */
  async *pages(
    base: string,
    options: SearchOptions,
    onEntry: EntrySink,
    limit = Number.POSITIVE_INFINITY,
  ): AsyncGenerator<number> {
    // A fresh array per search: its identity is what ties the search's messages to onEntry.
    const attributes = [...(options.attributes ?? [])];
    const spelled = keepsSpelling(attributes);
    const search = this.streaming
      ? new Search(onEntry, new EntryDecoder(options.explicitBufferAttributes ?? [], spelled))
      : undefined;
    if (search) this.searches.set(attributes, search);
    const paging = this.searchPaginated(base, { ...options, attributes });
    let arrived = 0;
    let next: ReturnType<typeof paging.next> | undefined;
    try {
      while (true) {
        const step = await (next ?? paging.next());
        next = undefined;
        if (step.done) return;
        const page = step.value;
        const mark = search?.queued ?? 0;
        arrived += page.searchEntries.length;
        if (arrived < limit) {
          next = paging.next();
          // awaited on the next round; a failure meanwhile must not count as unhandled
          next.catch(() => {});
        }
        if (search) await search.decodedUpTo(mark);
        for (const entry of page.searchEntries) {
          if (entry === STREAMED) continue;
          if (this.streaming) noteOnce('an entry bypassed the ldapts message hook');
          onEntry(normalizeEntry(entry, spelled));
        }
        yield page.searchEntries.length;
      }
    } finally {
      search?.close();
      this.searches.delete(attributes);
    }
  }
}
