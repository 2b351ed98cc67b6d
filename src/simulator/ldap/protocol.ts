/**
 * LDAP wire details of the simulator: operation tags, result and referral messages, BER framing,
 * and a fix for ldapts' server-side presence-filter decoding (applied when this module loads).
 */
import { type BerReader, BerWriter, type Control, PresenceFilter } from 'ldapts';
import { type Directory, normDn } from './directory.ts';

export const OP = {
  bindRequest: 0x60,
  unbindRequest: 0x42,
  searchRequest: 0x63,
  abandonRequest: 0x50,
  extendedRequest: 0x77,
  bindResponse: 0x61,
  searchEntry: 0x64,
  searchDone: 0x65,
  searchReference: 0x73,
  extendedResponse: 0x78,
} as const;

// ldapts 8.2 decodes a presence filter from the start of the whole message instead of the
// reader's offset (only servers decode filters, so its client never hits this). Fix it here.
(PresenceFilter.prototype as unknown as { parseFilter(r: BerReader): void }).parseFilter = function (
  this: PresenceFilter,
  reader: BerReader,
) {
  this.attribute = reader.buffer
    .subarray(reader.offset, reader.offset + reader.length)
    .toString('utf8')
    .toLowerCase();
  reader.offset += reader.length;
};

export const START_TLS_OID = '1.3.6.1.4.1.1466.20037';

/** A value as an LDAP server sends it: text as UTF-8, bytes as they are. */
type EntryValue = string | Uint8Array;

const asBuffer = (v: EntryValue): Buffer =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.isBuffer(v) ? v : Buffer.from(v);

/**
 * Appends one SearchResultEntry message (RFC 4511 §4.5.2) to `w`: the DN, then each attribute's
 * type and its SET of values (`values` undefined: types only).
 */
export function writeSearchEntry(
  w: BerWriter,
  messageId: number,
  dn: string,
  attributes: Iterable<readonly [type: string, values: readonly EntryValue[] | undefined]>,
): void {
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(OP.searchEntry);
  w.writeString(dn);
  w.startSequence();
  for (const [type, values] of attributes) {
    w.startSequence();
    w.writeString(type);
    w.startSequence(0x31);
    for (const v of values ?? []) w.writeBuffer(asBuffer(v), 0x04);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  w.endSequence();
}

export function result(
  messageId: number,
  op: number,
  code: number,
  matchedDn: string,
  diagnostic: string,
  responseName?: string,
  controls: Control[] = [],
): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(op);
  w.writeEnumeration(code);
  w.writeString(matchedDn);
  w.writeString(diagnostic);
  if (responseName) w.writeString(responseName, 0x8a);
  w.endSequence();
  if (controls.length) {
    w.startSequence(0xa0);
    for (const c of controls) c.write(w);
    w.endSequence();
  }
  w.endSequence();
  return w.buffer;
}

export function referenceMessage(messageId: number, uri: string): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(OP.searchReference);
  w.writeString(uri);
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

export function dnsName(dir: Directory): string {
  const v = dir.rootDse.attrs.get('defaultnamingcontext')?.values[0];
  const dn = v ? String(v) : '';
  return (
    dn
      .split(',')
      .filter((p) => /^dc=/i.test(p.trim()))
      .map((p) => p.trim().slice(3))
      .join('.') || 'localhost'
  );
}

export function closestMatch(dir: Directory, dn: string): string {
  let key = normDn(dn);
  while (key.includes(',')) {
    key = key.slice(key.indexOf(',') + 1);
    const hit = dir.byKey.get(key);
    if (hit) return hit.dn;
  }
  return '';
}

/** Length of the first complete BER TLV in `buf`, or undefined when more bytes are needed. */
export function messageLength(buf: Buffer): number | undefined {
  if (buf.length < 2) return undefined;
  const first = buf[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4) throw new Error('unsupported BER length');
  if (buf.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + buf[2 + i]!;
  return 2 + n + len;
}
