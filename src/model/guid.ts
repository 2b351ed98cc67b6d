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
  const h = (i: number) => HEX[bytes[i]!]!;
  return (
    `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-` +
    `${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
  );
}

export function guidTextToBase64(text: string): string {
  return guidTextToBytes(text).toString('base64');
}

/** base64 of 16 GUID bytes → GUID text; undefined when the value is not 16 bytes. */
export function guidBase64ToText(b64: string): string | undefined {
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
