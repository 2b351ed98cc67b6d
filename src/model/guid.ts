/**
 * GUID text ⇄ bytes. Active Directory stores a GUID (objectGUID, mS-DS-ConsistencyGuid,
 * msExchMailboxGuid) as the 16 bytes of the Windows GUID structure: the first three groups
 * little-endian, the last two as written. Entra's onPremisesImmutableId is base64 of those bytes.
 */
const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

function isGuidText(text: string): boolean {
  return GUID_TEXT.test(text.trim());
}

/** `6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f` → the 16 bytes AD stores. */
export function guidTextToBytes(text: string): Buffer {
  const m = text.trim().match(GUID_TEXT);
  if (!m) throw new TypeError(`not a GUID: ${text}`);
  const [, a, b, c, d, e] = m as unknown as [string, string, string, string, string, string];
  const le = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([le(a), le(b), le(c), Buffer.from(d + e, 'hex')]);
}

/** The 16 bytes AD stores → lower-case GUID text. */
export function guidBytesToText(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new TypeError(`a GUID has 16 bytes, got ${bytes.length}`);
  const b = Buffer.from(bytes);
  const hex = (buf: Buffer) => buf.toString('hex');
  const le = (start: number, end: number) => hex(Buffer.from(b.subarray(start, end)).reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
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
