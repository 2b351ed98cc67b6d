/**
 * Paged searches whose entries are handed over one by one, as each SearchResultEntry message is
 * parsed, instead of as a page: ldapts (8.x) keeps every raw message of a page (an Attribute with
 * a Buffer view and a decoded string per value, per attribute) until the page's SearchResultDone
 * arrives, then copies the page once more into plain objects. At 1000 entries a page those raw
 * objects live long enough to reach V8's old space, and a 100,000-user read left a few hundred MB
 * of them there between full collections.
 *
 * The hook is ldapts's own message dispatch (`Client._handleSendResponse`, private in its types):
 * an entry of a search that registered a sink is converted there (through the public
 * `SearchEntry.toObject`, so it is the object `searchPaginated` would have returned) and handed
 * to the sink; ldapts gets a tiny stand-in in its place, so its paging (the cookie, the
 * result-code check, its count of entries per page) runs unchanged. Entries that reach the page
 * result anyway (the hook not installed or not reached) are handed over from there: the records
 * are the same either way, only the memory differs.
 */
import { debuglog } from 'node:util';
import { Client, type ClientOptions, type Entry, SearchEntry, type SearchOptions } from 'ldapts';

/** Takes one entry; must not throw (it runs inside ldapts's socket data handler). */
type EntrySink = (entry: Entry) => void;

/** What the hook reads of ldapts's Client internals (private in its types, checked at run time). */
interface ClientInternals {
  _handleSendResponse(message: unknown): void;
  messageDetailsByMessageId: Map<string, { message?: unknown }>;
}

/** The object a streamed entry's stand-in gives ldapts's page result: skipped by `pages`. */
const STREAMED: Entry = Object.freeze({ dn: '' });

/** Stands in for a streamed entry in ldapts's page: counted there, holding nothing. */
class StreamedEntry extends SearchEntry {
  override toObject(): Entry {
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

const original = (Client.prototype as unknown as Partial<ClientInternals>)._handleSendResponse;

/**
 * Why ldapts's internals are not what the hook expects (undefined when they are): its message
 * dispatch on the Client prototype and the pending-request map on the instance.
 */
export function hookMismatch(proto: object, instance: object): string | undefined {
  const internals = proto as Partial<ClientInternals>;
  if (typeof internals._handleSendResponse !== 'function')
    return 'ldapts Client has no _handleSendResponse method';
  if (!((instance as Partial<ClientInternals>).messageDetailsByMessageId instanceof Map))
    return 'ldapts Client has no messageDetailsByMessageId map';
  if (typeof SearchEntry.prototype.toObject !== 'function') return 'ldapts SearchEntry has no toObject';
  return undefined;
}

/** An ldapts Client whose paged searches can hand each entry over as soon as it is parsed. */
export class StreamingClient extends Client {
  /** Sinks by the `attributes` array of their search, which ldapts keeps on its SearchRequest. */
  private readonly sinks = new WeakMap<object, EntrySink>();
  /** Whether entries are streamed (false: ldapts's internals are not as expected, or turned off). */
  readonly streaming: boolean;

  constructor(options: ClientOptions, stream = true) {
    super(options);
    const mismatch = hookMismatch(Client.prototype, this);
    if (mismatch) noteOnce(mismatch);
    this.streaming = stream && !mismatch;
  }

  static {
    // On the prototype, where ldapts's constructor finds it (it binds `this._handleSendResponse`
    // once): a method named here would clash with the private declaration in ldapts's types.
    if (typeof original === 'function')
      Object.defineProperty(StreamingClient.prototype, '_handleSendResponse', {
        value(this: StreamingClient, message: unknown) {
          original.call(this, this.streamed(message) ?? message);
        },
        writable: true,
        configurable: true,
      });
  }

  /** A streamed entry's stand-in when `message` is an entry of a search with a sink, after handing it over. */
  private streamed(message: unknown): StreamedEntry | undefined {
    if (!this.streaming || !(message instanceof SearchEntry)) return undefined;
    const pending = (this as unknown as ClientInternals).messageDetailsByMessageId.get(
      String(message.messageId),
    );
    // The pending request is ldapts's SearchRequest of this page.
    const request = pending?.message as
      | { attributes?: string[]; explicitBufferAttributes?: string[] }
      | undefined;
    const attributes = request?.attributes;
    const sink = attributes && this.sinks.get(attributes);
    if (!sink) return undefined;
    sink(message.toObject(attributes, request?.explicitBufferAttributes ?? []));
    return new StreamedEntry({ messageId: message.messageId });
  }

  /**
   * `searchPaginated`, each entry handed to `onEntry` (as it is parsed when streaming, else from
   * its page); yields the number of entries of each page, after the page's last one was handed over.
   */
  async *pages(base: string, options: SearchOptions, onEntry: EntrySink): AsyncGenerator<number> {
    // A fresh array per search: its identity is what ties the search's messages to onEntry.
    const attributes = [...(options.attributes ?? [])];
    if (this.streaming) this.sinks.set(attributes, onEntry);
    for await (const page of this.searchPaginated(base, { ...options, attributes })) {
      for (const entry of page.searchEntries) {
        if (entry === STREAMED) continue;
        if (this.streaming) noteOnce('an entry bypassed the ldapts message hook');
        onEntry(entry);
      }
      yield page.searchEntries.length;
    }
  }
}
