/**
 * GUID text ⇄ bytes. Active Directory stores a GUID (objectGUID, mS-DS-ConsistencyGuid,
 * msExchMailboxGuid) as the 16 bytes of the Windows GUID structure: the first three groups
 * little-endian, the last two as written. Entra's onPremisesImmutableId is base64 of those bytes.
 */
const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

function isGuidText(text: string): boolean {
  const t = text.trim();
  // 36 characters, a brace on either end or both: the length alone rules out base64 (24) cheaply.
  return t.length >= 36 && t.length <= 38 && GUID_TEXT.test(t);
}

/** `6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f` → the 16 bytes AD stores. */
export function guidTextToBytes(text: string): Buffer {
  const m = text.trim().match(GUID_TEXT);
  if (!m) throw new TypeError(`not a GUID: ${text}`);
  const [, a, b, c, d, e] = m as unknown as [string, string, string, string, string, string];
  const le = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([le(a), le(b), le(c), Buffer.from(d + e, 'hex')]);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The 16 bytes AD stores → lower-case GUID text. Byte by byte: this runs for every user of a scan. */
export function guidBytesToText(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new TypeError(`a GUID has 16 bytes, got ${bytes.length}`);
  return (
    `${HEX[bytes[3]!]}${HEX[bytes[2]!]}${HEX[bytes[1]!]}${HEX[bytes[0]!]}-${HEX[bytes[5]!]}${HEX[bytes[4]!]}-` +
    `${HEX[bytes[7]!]}${HEX[bytes[6]!]}-${HEX[bytes[8]!]}${HEX[bytes[9]!]}-` +
    `${HEX[bytes[10]!]}${HEX[bytes[11]!]}${HEX[bytes[12]!]}${HEX[bytes[13]!]}${HEX[bytes[14]!]}${HEX[bytes[15]!]}`
  );
}

/** The value of each standard base64 character, -1 for any other character code below 128. */
const BASE64_VALUE = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();
/** Reused by the fast path below: it never escapes a call. */
const GUID_BYTES = new Uint8Array(16);

/**
 * Canonical base64 of 16 bytes (22 characters and `==`) decoded without a Buffer; undefined for
 * any other text, which goes the general way. Every AD user carries such GUIDs.
 */
function decodeGuidBase64(b64: string): Uint8Array | undefined {
  if (b64.length !== 24 || b64.charCodeAt(22) !== 61 || b64.charCodeAt(23) !== 61) return undefined;
  let acc = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < 22; i++) {
    const c = b64.charCodeAt(i);
    const v = c < 128 ? BASE64_VALUE[c]! : -1;
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      GUID_BYTES[out++] = (acc >> bits) & 0xff;
    }
  }
  return GUID_BYTES;
}

export function guidTextToBase64(text: string): string {
  return guidTextToBytes(text).toString('base64');
}

/** base64 of 16 GUID bytes → GUID text; undefined when the value is not 16 bytes. */
export function guidBase64ToText(b64: string): string | undefined {
  const fast = decodeGuidBase64(b64);
  if (fast) return guidBytesToText(fast);
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 16 ? guidBytesToText(bytes) : undefined;
}

/**
 * Normalises an immutable id for comparison: base64 as Entra shows it. Entra Connect may also
 * show a GUID text form in some tools; a GUID text is converted to the AD byte order first.
 */
export function normalizeAnchor(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (isGuidText(v)) return guidTextToBase64(v);
  return v;
}
