/**
 * Decodes the body of an LDAP SearchResultEntry (RFC 4511 §4.5.2) straight into an LdapEntry.
 *
 *   SearchResultEntry ::= [APPLICATION 4] SEQUENCE {
 *        objectName      LDAPDN,                          -- OCTET STRING
 *        attributes      PartialAttributeList }           -- SEQUENCE OF
 *   PartialAttribute ::= SEQUENCE {
 *        type       AttributeDescription,                 -- OCTET STRING
 *        vals       SET OF value AttributeValue }         -- OCTET STRING each
 *
 * Why not ldapts's parser: it builds an Attribute per attribute and a Buffer view per value, and
 * tries every value with a fatal TextDecoder (an exception for each binary GUID); then
 * `SearchEntry.toObject` and `normalizeEntry` copy it all twice more. At 10,000 users that was
 * over half the LDAP source's CPU time. The result here is what that chain gives, value for
 * value (test/sources/ldap/entry-decoder.test.ts holds the two side by side):
 * - an attribute's values are all Buffers when its type is listed as binary (exact case, as
 *   ldapts's `explicitBufferAttributes`), ends in `;binary`, or any of its values is not UTF-8;
 *   otherwise all strings, a leading UTF-8 byte-order mark dropped (as TextDecoder does);
 * - attributes with no values are left out; names that differ only in case are merged;
 * - Buffers are copies, so no entry keeps the socket's chunk alive.
 */
import { isUtf8 } from 'node:buffer';
import { type LdapEntry, lowerName } from './entry.ts';

const OCTET_STRING = 0x04;
const SEQUENCE = 0x30;
const SET = 0x31;

/** A malformed entry: the search it came in fails with it (./stream.ts). */
export class EntryDecodeError extends Error {
  override name = 'EntryDecodeError';
}

/** Decodes what ldapts would: see the module comment. One per search (it remembers the last entry's type names). */
export class EntryDecoder {
  private readonly binary: ReadonlySet<string>;
  /** The type names of the last entry, by position: the next entry mostly has the same. */
  private readonly lastTypes: string[] = [];
  /** Their lower-case names, by the same position. */
  private readonly lastKeys: string[] = [];
  /** The lower-case name of the type typeAt() returned last. */
  private key = '';
  /** Whether a type's values may be text (not listed as binary, no `;binary`), by type name. */
  private readonly textual = new Map<string, boolean>();
  /** Scratch offsets of a multi-valued attribute's values (one list, reused). */
  private readonly bounds: number[] = [];

  /** `spelled`: keep the names as the server spelled them (LdapEntry.names). */
  constructor(
    binaryTypes: readonly string[],
    private readonly spelled = false,
  ) {
    this.binary = new Set(binaryTypes);
  }

  /** The entry whose SearchResultEntry body is `buf[start, end)`. */
  decode(buf: Buffer, start: number, end: number): LdapEntry {
    const attrs = new Map<string, (string | Buffer)[]>();
    const names = this.spelled ? new Map<string, string>() : undefined;
    let repeated = false;
    const dn = this.walk(buf, start, end, (type, key, values) => {
      if (values.length === 0) {
        if (attrs.has(key)) repeated = true;
        return;
      }
      // one lookup, not has() then set(): a name met twice leaves the size as it was
      const size = attrs.size;
      attrs.set(key, values);
      if (attrs.size === size) repeated = true;
      else names?.set(key, type);
    });
    return repeated ? this.decodeRepeated(buf, start, end) : { dn, attrs, names };
  }

  /**
   * An entry that names an attribute twice (RFC 4511 §4.5.2 allows no such entry; a server may
   * still send one): as ldapts's `toObject` keyed by the exact name, so the later of two same
   * spellings replaces the earlier; then as `normalizeEntry`, merging spellings that differ in case.
   */
  private decodeRepeated(buf: Buffer, start: number, end: number): LdapEntry {
    const byType = new Map<string, (string | Buffer)[]>();
    const dn = this.walk(buf, start, end, (type, _key, values) => {
      byType.set(type, values);
    });
    const attrs = new Map<string, (string | Buffer)[]>();
    const names = this.spelled ? new Map<string, string>() : undefined;
    for (const [type, values] of byType) {
      if (values.length === 0) continue;
      const key = lowerName(type);
      const earlier = attrs.get(key);
      attrs.set(key, earlier ? [...earlier, ...values] : values);
      names?.set(key, type);
    }
    return { dn, attrs, names };
  }

  /** Reads the entry, handing each attribute to `visit` in order; returns the DN. */
  private walk(
    buf: Buffer,
    start: number,
    end: number,
    visit: (type: string, key: string, values: (string | Buffer)[]) => void,
  ): string {
    // header() moves the cursor: each length is added to where it leaves it
    const cursor = { pos: start };
    const dnLength = header(buf, cursor, end, OCTET_STRING, 'objectName');
    const dn = text(buf, cursor.pos, cursor.pos + dnLength, false);
    cursor.pos += dnLength;
    const listLength = header(buf, cursor, end, SEQUENCE, 'attributes');
    const listEnd = cursor.pos + listLength;
    for (let index = 0; cursor.pos < listEnd; index++) {
      const attrLength = header(buf, cursor, listEnd, SEQUENCE, 'PartialAttribute');
      const attrEnd = cursor.pos + attrLength;
      const typeLength = header(buf, cursor, attrEnd, OCTET_STRING, 'type');
      const type = this.typeAt(buf, cursor.pos, typeLength, index);
      const key = this.key;
      cursor.pos += typeLength;
      const valsLength = header(buf, cursor, attrEnd, SET, 'vals');
      const values = this.values(buf, cursor, cursor.pos + valsLength, type);
      if (cursor.pos !== attrEnd) throw new EntryDecodeError(`attribute ${type}: trailing bytes`);
      visit(type, key, values);
    }
    if (cursor.pos !== listEnd) throw new EntryDecodeError('attribute list: trailing bytes');
    return dn;
  }

  private values(buf: Buffer, cursor: { pos: number }, end: number, type: string): (string | Buffer)[] {
    if (cursor.pos >= end) return [];
    let textual = this.textual.get(type);
    if (textual === undefined) {
      textual = !this.binary.has(type) && !/;binary$/i.test(type);
      this.textual.set(type, textual);
    }
    const first = header(buf, cursor, end, OCTET_STRING, 'value', type);
    const from = cursor.pos;
    cursor.pos += first;
    // Most attributes hold one value: no list of offsets for those.
    if (cursor.pos === end)
      return [textual && isText(buf, from, end) ? text(buf, from, end, true) : copy(buf, from, end)];
    // Offsets first: whether the values are text is known only once every one was seen.
    const bounds = this.bounds;
    bounds.length = 0;
    bounds.push(from, cursor.pos);
    let allText = textual && isText(buf, from, cursor.pos);
    while (cursor.pos < end) {
      const length = header(buf, cursor, end, OCTET_STRING, 'value', type);
      const at = cursor.pos;
      cursor.pos += length;
      if (allText && !isText(buf, at, cursor.pos)) allText = false;
      bounds.push(at, cursor.pos);
    }
    const out: (string | Buffer)[] = new Array(bounds.length / 2);
    for (let i = 0; i < bounds.length; i += 2) {
      const start = bounds[i]!;
      const stop = bounds[i + 1]!;
      out[i / 2] = allText ? text(buf, start, stop, true) : copy(buf, start, stop);
    }
    return out;
  }

  /**
   * The type name at `buf[pos, pos + length)`: the last entry's string when the bytes are its;
   * its lower-case name is left in `this.key`.
   */
  private typeAt(buf: Buffer, pos: number, length: number, index: number): string {
    const last = this.lastTypes[index];
    if (last !== undefined && last.length === length) {
      let same = true;
      // ASCII text is its bytes, one code unit each; any other text is decoded anew
      for (let i = 0; i < length; i++) {
        const unit = last.charCodeAt(i);
        if (unit > 0x7f || unit !== buf[pos + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.key = this.lastKeys[index]!;
        return last;
      }
    }
    const type = buf.toString('utf8', pos, pos + length);
    this.key = lowerName(type);
    if (index < 64) {
      this.lastTypes[index] = type;
      this.lastKeys[index] = this.key;
    }
    return type;
  }
}

/** Reads a tag and its length at `cursor.pos`; leaves the cursor at the content; returns its length. */
function header(
  buf: Buffer,
  cursor: { pos: number },
  end: number,
  tag: number,
  part: string,
  // the attribute a value belongs to: joined to `part` only for an error, not for every value
  attribute?: string,
): number {
  let pos = cursor.pos;
  if (pos + 2 > end) throw new EntryDecodeError(`${partName(part, attribute)}: truncated`);
  const got = buf[pos++]!;
  if (got !== tag)
    throw new EntryDecodeError(
      `${partName(part, attribute)}: expected tag 0x${tag.toString(16)}, got 0x${got.toString(16)}`,
    );
  let length = buf[pos++]!;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0) throw new EntryDecodeError(`${partName(part, attribute)}: indefinite length`);
    if (bytes > 4) throw new EntryDecodeError(`${partName(part, attribute)}: length of ${bytes} bytes`);
    if (pos + bytes > end) throw new EntryDecodeError(`${partName(part, attribute)}: truncated`);
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[pos++]!;
  }
  if (pos + length > end)
    throw new EntryDecodeError(`${partName(part, attribute)}: ${length} bytes past the end of its container`);
  cursor.pos = pos;
  return length;
}

function partName(part: string, attribute: string | undefined): string {
  return attribute === undefined ? part : `${part} of ${attribute}`;
}

/** A copy of `buf[from, to)`, not a view that would keep the socket's chunk alive. */
function copy(buf: Buffer, from: number, to: number): Buffer {
  return Buffer.from(buf.subarray(from, to));
}

/** Whether `buf[from, to)` is UTF-8: ASCII checked by hand (most values), the rest by Node. */
function isText(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i]! > 0x7f) return isUtf8(buf.subarray(from, to));
  return true;
}

/** UTF-8 text of `buf[from, to)`; a leading byte-order mark dropped when `dropBom` (TextDecoder's default). */
function text(buf: Buffer, from: number, to: number, dropBom: boolean): string {
  if (dropBom && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf)
    from += 3;
  return buf.toString('utf8', from, to);
}
