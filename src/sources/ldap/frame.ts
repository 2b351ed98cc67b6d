/**
 * LDAP messages cut out of a socket's chunks (RFC 4511 §5.1: BER with definite lengths only):
 *
 *   LDAPMessage ::= SEQUENCE {
 *        messageID       MessageID,                       -- INTEGER (0 .. maxInt)
 *        protocolOp      CHOICE { ..., searchResEntry [APPLICATION 4] ..., },
 *        controls        [0] Controls OPTIONAL }
 *
 * A message is handed over as `buf[start, end)` of the chunk it arrived in, no copy; one that
 * spans chunks is joined once, when its last byte is in, from its own bytes only (not once per
 * chunk, nor with the rest of the chunk it ends in: a large entry comes in many TLS records, and
 * nearly every record ends inside a message). Bytes that are no LDAP message go, with all that follows, to `garbled`:
 * ldapts's own parser then reports them as it would have.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const INCOMPLETE = -1;
const MALFORMED = -2;

/** The parts of a message the stream hook reads; undefined when the message is not as RFC 4511 has it. */
interface MessageHead {
  messageId: number;
  /** The protocolOp's tag, e.g. 0x64 for a SearchResultEntry. */
  operation: number;
  /** Where the protocolOp's contents lie in the buffer. */
  bodyStart: number;
  bodyEnd: number;
}

/** A definite BER length at `pos` (the byte after the tag): [length, bytes it took], or INCOMPLETE / MALFORMED. */
function lengthAt(buf: Buffer, pos: number, end: number): [number, number] | number {
  if (pos >= end) return INCOMPLETE;
  const first = buf[pos]!;
  if (first < 0x80) return [first, 1];
  const bytes = first & 0x7f;
  // indefinite (0x80) is not allowed in LDAP; over 4 bytes is over any message we could hold
  if (bytes === 0 || bytes > 4) return MALFORMED;
  if (pos + 1 + bytes > end) return INCOMPLETE;
  let length = 0;
  for (let i = 1; i <= bytes; i++) length = length * 256 + buf[pos + i]!;
  return [length, 1 + bytes];
}

/** The size of the message starting at `pos` (its header included), or INCOMPLETE / MALFORMED. */
function messageSize(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return INCOMPLETE;
  if (buf[pos] !== SEQUENCE) return MALFORMED;
  const length = lengthAt(buf, pos + 1, buf.length);
  if (typeof length === 'number') return length;
  return 1 + length[1] + length[0];
}

/** The message id and protocolOp of the whole message `buf[start, end)`. */
export function messageHead(buf: Buffer, start: number, end: number): MessageHead | undefined {
  const outer = lengthAt(buf, start + 1, end);
  if (typeof outer === 'number') return undefined;
  let pos = start + 1 + outer[1];
  if (buf[pos] !== INTEGER) return undefined;
  const idLength = lengthAt(buf, pos + 1, end);
  if (typeof idLength === 'number') return undefined;
  pos += 1 + idLength[1];
  const [bytes] = idLength;
  // MessageID is 0 .. 2^31 - 1: at most 4 bytes after a leading zero, never negative
  if (bytes < 1 || bytes > 5 || pos + bytes > end || buf[pos]! & 0x80) return undefined;
  let messageId = 0;
  for (let i = 0; i < bytes; i++) messageId = messageId * 256 + buf[pos + i]!;
  pos += bytes;
  if (pos >= end) return undefined;
  const operation = buf[pos]!;
  const bodyLength = lengthAt(buf, pos + 1, end);
  if (typeof bodyLength === 'number') return undefined;
  const bodyStart = pos + 1 + bodyLength[1];
  const bodyEnd = bodyStart + bodyLength[0];
  if (bodyEnd > end) return undefined;
  return { messageId, operation, bodyStart, bodyEnd };
}

/** Cuts a byte stream into whole LDAP messages (see the module comment). */
export class MessageFramer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** The pending message's whole size, once its header is in (0 before). */
  private need = 0;
  /** Set once bytes were not an LDAP message: everything after goes to `garbled` unframed. */
  private broken = false;

  constructor(
    private readonly message: (buf: Buffer, start: number, end: number) => void,
    private readonly garbled: (data: Buffer) => void,
  ) {}

  push(data: Buffer): void {
    if (this.broken) {
      this.garbled(data);
      return;
    }
    let buf = data;
    let pos = 0;
    if (this.pendingBytes && this.need) {
      // the rest of a message whose size is known: only its own bytes are joined, and the chunk
      // is framed on from where it ends
      const missing = this.need - this.pendingBytes;
      if (data.length < missing) {
        this.pending.push(data);
        this.pendingBytes += data.length;
        return;
      }
      this.pending.push(data.subarray(0, missing));
      const whole = Buffer.concat(this.pending, this.need);
      this.reset();
      this.message(whole, 0, whole.length);
      pos = missing;
    } else if (this.pendingBytes) {
      // a header cut short (a few bytes): joined with the chunk and framed again
      this.pending.push(data);
      buf = Buffer.concat(this.pending, this.pendingBytes + data.length);
      this.reset();
    }
    while (pos < buf.length) {
      const size = messageSize(buf, pos);
      if (size === MALFORMED) {
        this.broken = true;
        this.garbled(buf.subarray(pos));
        return;
      }
      if (size === INCOMPLETE || pos + size > buf.length) {
        this.pending.push(buf.subarray(pos));
        this.pendingBytes = buf.length - pos;
        this.need = size === INCOMPLETE ? 0 : size;
        return;
      }
      this.message(buf, pos, pos + size);
      pos += size;
    }
  }

  /** Drops a partial message (the connection it came on is gone). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.need = 0;
  }
}
