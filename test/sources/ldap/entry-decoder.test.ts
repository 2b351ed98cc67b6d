import fc from 'fast-check';
import { BerReader, BerWriter, MessageParser, SearchEntry } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { writeSearchEntry } from '../../../src/simulator/ldap/protocol.ts';
import { keepsSpelling, normalizeEntry } from '../../../src/sources/ldap/entry.ts';
import { EntryDecodeError, EntryDecoder } from '../../../src/sources/ldap/entry-decoder.ts';

// RFC 4511 §4.5.2 SearchResultEntry; the reference is ldapts 8's own parser followed by
// SearchEntry.toObject and normalizeEntry: the chain the decoder replaces.
const BINARY = ['objectGUID', 'msExchMailboxGuid', 'objectSid'];

type Attr = { type: string; values: Uint8Array[] };

function message(dn: string, attrs: Attr[], messageId = 7): Buffer {
  const w = new BerWriter();
  writeSearchEntry(
    w,
    messageId,
    dn,
    attrs.map(({ type, values }) => [type, values] as const),
  );
  return w.buffer;
}

/** What ldapts's client gives for the message, normalised as the LDAP source did before. */
function byLdapts(buf: Buffer, requested: string[], spelled: boolean) {
  const parser = new MessageParser();
  let entry: SearchEntry | undefined;
  parser.on('message', (m) => {
    if (m instanceof SearchEntry) entry = m;
  });
  parser.on('error', (e: Error) => {
    throw e;
  });
  parser.read(buf, new Map());
  return normalizeEntry(entry!.toObject(requested, BINARY), spelled);
}

/** The body of the message's protocol operation, as ldapts's parser hands it to the hook. */
function body(buf: Buffer): [number, number] {
  const r = new BerReader(buf);
  r.readSequence();
  r.readInt();
  r.readSequence(0x64);
  return [r.offset, r.offset + r.length];
}

function byDecoder(buf: Buffer, spelled = false) {
  return new EntryDecoder(BINARY, spelled).decode(buf, ...body(buf));
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const BOM = [0xef, 0xbb, 0xbf];

const shortValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }).map(utf8) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(utf8) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }).map((s) => new Uint8Array([...BOM, ...utf8(s)])),
  },
  // random bytes: GUIDs and SIDs, mostly not UTF-8, sometimes by chance
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 28 }) },
  // lone surrogates, overlong forms, bytes past U+10FFFF: not UTF-8 for TextDecoder either
  {
    weight: 1,
    arbitrary: fc
      .constantFrom([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82])
      .map((b) => new Uint8Array(b)),
  },
);
const value = fc.oneof(
  { weight: 10, arbitrary: shortValue },
  // long enough for two- and three-byte BER lengths
  { weight: 1, arbitrary: fc.integer({ min: 120, max: 70_000 }).map((n) => utf8('x'.repeat(n))) },
);

const type = fc.oneof(
  fc.constantFrom(...BINARY, 'objectguid', 'OBJECTGUID', 'userCertificate;binary', 'member;range=0-1499'),
  fc.constantFrom('cn', 'CN', 'mail', 'Mail', 'proxyAddresses', 'proxyaddresses', 'displayName'),
  // not ASCII: the same length in code units as in bytes only by chance ('é' is 2 bytes, 1 unit)
  fc.constantFrom('né', 'nX', 'nÃ©', 'naïve'),
  // RFC 4512 §2.5 AttributeDescription: a letter first (ldapts's object would put integer-like
  // names first, and one named "dn" would replace the DN: no server sends those)
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}(;[A-Za-z0-9=-]{1,8})?$/).filter((t) => t !== 'dn'),
);

const attrsOf = (v: fc.Arbitrary<Uint8Array>) =>
  fc.array(fc.record({ type, values: fc.array(v, { maxLength: 4 }) }), { maxLength: 10 });
const attrs = attrsOf(value);

describe('EntryDecoder: a SearchResultEntry decoded as ldapts + toObject + normalizeEntry give it', () => {
  it('for any entry: text and binary values, empty and repeated attributes, long values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), attrs, (dn, list) => {
        const buf = message(dn, list);
        // with and without the server's spelling of the names (kept for a search of `*` only)
        for (const spelled of [false, true])
          expect(byDecoder(buf, spelled)).toEqual(byLdapts(buf, ['cn', 'mail'], spelled));
      }),
      { numRuns: 400 },
    );
  });

  it('for any run of entries through one decoder (type names remembered from the entry before)', () => {
    const entries = fc.array(fc.tuple(fc.string({ maxLength: 10 }), attrsOf(shortValue)), {
      minLength: 2,
      maxLength: 6,
    });
    fc.assert(
      fc.property(entries, (list) => {
        const decoder = new EntryDecoder(BINARY, keepsSpelling([]));
        for (const [dn, attributes] of list) {
          const buf = message(dn, attributes);
          expect(decoder.decode(buf, ...body(buf))).toEqual(byLdapts(buf, [], true));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps binary values as copies, not views of the socket chunk', () => {
    const guid = new Uint8Array(16).fill(0x41); // valid UTF-8 ("AAAA…"), binary by its name
    const buf = message('CN=A,DC=x', [{ type: 'objectGUID', values: [guid] }]);
    const v = byDecoder(buf).attrs.get('objectguid')![0] as Buffer;
    expect(Buffer.isBuffer(v)).toBe(true);
    expect(v.equals(Buffer.from(guid))).toBe(true);
    expect(v.buffer).not.toBe(buf.buffer);
  });

  it('turns a whole attribute to bytes when one of its values is not UTF-8', () => {
    const buf = message('CN=A,DC=x', [{ type: 'extra', values: [utf8('text'), new Uint8Array([0xff])] }]);
    expect(byDecoder(buf).attrs.get('extra')).toEqual([Buffer.from('text'), Buffer.from([0xff])]);
  });

  it('drops a leading byte-order mark from text values, as TextDecoder does, but not from the DN', () => {
    const bom = Buffer.from(BOM).toString('latin1');
    const buf = message(`${Buffer.from([...BOM, 0x41]).toString('utf8')}`, [
      { type: 'cn', values: [new Uint8Array([...BOM, 0x42])] },
    ]);
    const e = byDecoder(buf);
    expect(e.attrs.get('cn')).toEqual(['B']);
    expect(e.dn).toBe('\ufeffA');
    expect(bom).toHaveLength(3);
  });

  it.each([
    [
      'a wrong tag for the DN',
      (b: Buffer, s: number) => b.writeUInt8(0x30, s),
      /objectName: expected tag 0x4, got 0x30/,
    ],
    ['an indefinite length', (b: Buffer, s: number) => b.writeUInt8(0x80, s + 1), /indefinite length/],
    ['a DN longer than the entry', (b: Buffer, s: number) => b.writeUInt8(0x7f, s + 1), /past the end/],
    ['a five-byte length', (b: Buffer, s: number) => b.writeUInt8(0x85, s + 1), /length of 5 bytes/],
  ])('raises EntryDecodeError on %s', (_, corrupt, why) => {
    const buf = message('CN=A,DC=x', [{ type: 'cn', values: [utf8('A')] }]);
    const [start, end] = body(buf);
    corrupt(buf, start);
    const decode = () => new EntryDecoder(BINARY).decode(buf, start, end);
    expect(decode).toThrow(EntryDecodeError);
    expect(decode).toThrow(why);
  });

  it('raises EntryDecodeError on a truncated entry', () => {
    const buf = message('CN=A,DC=x', [{ type: 'cn', values: [utf8('Anders')] }]);
    const [start, end] = body(buf);
    expect(() => new EntryDecoder(BINARY).decode(buf, start, end - 2)).toThrow(/past the end|truncated/);
  });
});
