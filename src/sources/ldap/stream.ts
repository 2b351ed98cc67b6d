/**
 * Paged searches whose entries are decoded and handed over one by one, as each
 * SearchResultEntry message arrives, instead of as a page: ldapts (8.x) builds a raw message per
 * entry (an Attribute with a Buffer view and a decoded string per value, per attribute), keeps a
 * page of them until its SearchResultDone, then copies the page once more into plain objects. At
 * 1000 entries a page those objects reached V8's old space, and decoding them (a fatal
 * TextDecoder tried on every value, an exception per binary GUID) was over half the LDAP
 * source's CPU time.
 *
 * The hook is ldapts's message parser (`MessageParser._getMessageFromProtocolOperation`, private
 * in its types, called with the message's id, its protocol operation, the BER reader at the
 * operation's body and the pending request): an entry of a search that registered a sink is
 * decoded there by ./entry-decoder.ts and handed to the sink; ldapts gets a tiny stand-in in its
 * place, so its paging (the cookie, the result-code check, its count of entries per page) runs
 * unchanged. Entries that reach the page result anyway (the hook not installed or not reached)
 * are converted from there: the records are the same either way, only the cost differs.
 */
import { debuglog } from 'node:util';
import { Client, type ClientOptions, SearchEntry, type SearchOptions } from 'ldapts';
import { type LdapEntry, normalizeEntry } from './entry.ts';
import { EntryDecoder } from './entry-decoder.ts';

/** Takes one entry; must not throw (it runs inside ldapts's socket data handler). */
type EntrySink = (entry: LdapEntry) => void;

/** RFC 4511 §4.5.2: [APPLICATION 4], constructed. */
const SEARCH_RESULT_ENTRY = 0x64;

/** What the hook reads of ldapts's parser (private in its types, checked at run time). */
interface ParserInternals {
  _getMessageFromProtocolOperation(
    messageId: number,
    operation: number,
    reader: unknown,
    request: unknown,
  ): unknown;
}

/** The BER reader's state the hook reads: the message's bytes and where the body lies in them. */
interface ReaderState {
  buffer?: unknown;
  offset?: unknown;
  length?: unknown;
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
  if (typeof parser?._getMessageFromProtocolOperation !== 'function')
    return 'ldapts Client has no messageParser._getMessageFromProtocolOperation';
  if (typeof SearchEntry.prototype.toObject !== 'function') return 'ldapts SearchEntry has no toObject';
  return undefined;
}

interface Search {
  sink: EntrySink;
  decoder: EntryDecoder;
}

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
    const original = parser._getMessageFromProtocolOperation;
    parser._getMessageFromProtocolOperation = (messageId, operation, reader, request) =>
      (operation === SEARCH_RESULT_ENTRY && this.streamed(messageId, reader, request)) ||
      original.call(parser, messageId, operation, reader, request);
  }

  /**
   * The stand-in of an entry of a search with a sink, after decoding it and handing it over;
   * undefined (ldapts parses it) for any other entry, or a reader not as expected.
   */
  private streamed(messageId: number, reader: unknown, request: unknown): StreamedEntry | undefined {
    const attributes = (request as { attributes?: unknown } | undefined)?.attributes;
    const search = typeof attributes === 'object' && attributes ? this.searches.get(attributes) : undefined;
    if (!search) return undefined;
    const { buffer, offset, length } = reader as ReaderState;
    if (!Buffer.isBuffer(buffer) || typeof offset !== 'number' || typeof length !== 'number') {
      noteOnce('the ldapts BER reader is not as expected');
      return undefined;
    }
    search.sink(search.decoder.decode(buffer, offset, offset + length));
    return new StreamedEntry({ messageId });
  }

  /**
   * `searchPaginated`, each entry handed to `onEntry` (as it arrives when streaming, else from its
   * page); yields the number of entries of each page, after the page's last one was handed over.
   */
  async *pages(base: string, options: SearchOptions, onEntry: EntrySink): AsyncGenerator<number> {
    // A fresh array per search: its identity is what ties the search's messages to onEntry.
    const attributes = [...(options.attributes ?? [])];
    if (this.streaming)
      this.searches.set(attributes, {
        sink: onEntry,
        decoder: new EntryDecoder(options.explicitBufferAttributes ?? []),
      });
    for await (const page of this.searchPaginated(base, { ...options, attributes })) {
      for (const entry of page.searchEntries) {
        if (entry === STREAMED) continue;
        if (this.streaming) noteOnce('an entry bypassed the ldapts message hook');
        onEntry(normalizeEntry(entry));
      }
      yield page.searchEntries.length;
    }
  }
}
