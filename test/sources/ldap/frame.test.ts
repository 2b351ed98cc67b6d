import { BerWriter } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { OP, result, writeSearchEntry } from '../../../src/simulator/ldap/protocol.ts';
import { MessageFramer, messageHead } from '../../../src/sources/ldap/frame.ts';

// RFC 4511 §5.1 (LDAPMessage: SEQUENCE { messageID INTEGER, protocolOp, controls [0] OPTIONAL },
// BER with definite lengths only), messages written by the simulator's encoder.
function entry(messageId: number, dn: string, value: string): Buffer {
  const w = new BerWriter();
  writeSearchEntry(w, messageId, dn, [['description', [value]]]);
  return w.buffer;
}

const done = (messageId: number) => result(messageId, OP.searchDone, 0, '', '');

/** What a framer hands over, as [first byte, length] of each message, and what it calls garbled. */
function frame(chunks: Buffer[]): { messages: Buffer[]; garbled: Buffer[] } {
  const messages: Buffer[] = [];
  const garbled: Buffer[] = [];
  const framer = new MessageFramer(
    (buf, start, end) => messages.push(Buffer.from(buf.subarray(start, end))),
    (data) => garbled.push(data),
  );
  for (const c of chunks) framer.push(c);
  return { messages, garbled };
}

describe('MessageFramer', () => {
  const stream = [
    entry(7, 'CN=a,DC=x', 'short'),
    entry(7, 'CN=b,DC=x', 'v'.repeat(300)), // a long-form length (0x82 ..)
    entry(7, 'CN=c,DC=x', 'w'.repeat(70_000)), // three length bytes, over many chunks
    done(7),
  ];
  const bytes = Buffer.concat(stream);

  it('hands over each message whole, however the bytes are cut', () => {
    for (const size of [1, 2, 3, 7, 1000, 16_384, bytes.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const { messages, garbled } = frame(chunks);
      expect(messages, `chunks of ${size}`).toEqual(stream);
      expect(garbled).toEqual([]);
    }
  });

  it('joins a message that spans chunks from its own bytes, and frames the rest in place', () => {
    const [a, b] = [stream[1]!, stream[0]!];
    const first = a.subarray(0, 100);
    const second = Buffer.concat([a.subarray(100), b]);
    const seen: { buf: Buffer; start: number; end: number }[] = [];
    const framer = new MessageFramer(
      (buf, start, end) => seen.push({ buf, start, end }),
      () => {},
    );
    framer.push(first);
    framer.push(second);
    expect(seen).toHaveLength(2);
    // the spanning message alone was joined; the next one is a view of the chunk it came in
    expect(seen[0]!.buf.length).toBe(a.length);
    expect(seen[1]!.buf).toBe(second);
    expect(second.subarray(seen[1]!.start, seen[1]!.end)).toEqual(b);
  });

  it('hands what is no LDAP message, and all after it, to the garbled handler', () => {
    const junk = Buffer.from([0x04, 0x01, 0x41]);
    const { messages, garbled } = frame([Buffer.concat([stream[0]!, junk]), stream[3]!]);
    expect(messages).toEqual([stream[0]]);
    expect(garbled).toEqual([junk, stream[3]]);
    // an indefinite length (0x80) is not allowed in LDAP
    expect(frame([Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00])]).garbled).toHaveLength(1);
  });

  it('drops a partial message on reset (its connection is gone)', () => {
    const messages: Buffer[] = [];
    const framer = new MessageFramer(
      (buf, s, e) => messages.push(Buffer.from(buf.subarray(s, e))),
      () => {},
    );
    framer.push(stream[1]!.subarray(0, 10));
    framer.reset();
    framer.push(stream[0]!);
    expect(messages).toEqual([stream[0]]);
  });
});

describe('messageHead', () => {
  it('reads the message id and where the protocolOp body lies', () => {
    const m = entry(300, 'CN=a,DC=x', 'short');
    const head = messageHead(m, 0, m.length)!;
    expect(head).toMatchObject({ messageId: 300, operation: OP.searchEntry });
    // the body starts with the DN (objectName, an OCTET STRING)
    expect(m[head.bodyStart]).toBe(0x04);
    expect(m.subarray(head.bodyStart + 2, head.bodyStart + 2 + 9).toString()).toBe('CN=a,DC=x');
    expect(head.bodyEnd).toBe(m.length);
    expect(messageHead(done(5), 0, done(5).length)).toMatchObject({ messageId: 5, operation: OP.searchDone });
  });

  it('reads a message inside a larger buffer, and refuses one cut short or with a negative id', () => {
    const m = entry(2_000_000, 'CN=a,DC=x', 'v');
    const padded = Buffer.concat([Buffer.from([1, 2, 3]), m, Buffer.from([9])]);
    expect(messageHead(padded, 3, 3 + m.length)).toMatchObject({
      messageId: 2_000_000,
      bodyEnd: 3 + m.length,
    });
    expect(messageHead(m, 0, m.length - 1)).toBeUndefined();
    const negative = Buffer.from(m);
    negative[4] = 0xff; // the id's first byte: 0x80 set is a negative INTEGER
    expect(messageHead(negative, 0, negative.length)).toBeUndefined();
  });
});
