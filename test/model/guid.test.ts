import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  guidBase64ToText,
  guidBytesToText,
  guidTextToBase64,
  guidTextToBytes,
  normalizeAnchor,
} from '../../src/model/guid.ts';

describe('GUID text ⇄ bytes (AD byte order)', () => {
  it('converts the known pair: the organisation GUID of the fixtures', () => {
    // 6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f is stored as 7e1c1f6c 5a2d 9e4b 9d3f 0a1b2c3d4e5f
    expect(guidTextToBytes('6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f').toString('hex')).toBe(
      '7e1c1f6c5a2d9e4b9d3f0a1b2c3d4e5f',
    );
    expect(guidTextToBase64('6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f')).toBe('fhwfbFotnkudPwobLD1OXw==');
    expect(guidBase64ToText('fhwfbFotnkudPwobLD1OXw==')).toBe('6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f');
  });

  it('round-trips, accepts braces and upper case', () => {
    const text = 'c8566aab-fe9d-48e5-aaa1-e3b697454101';
    expect(guidTextToBase64(text)).toBe('q2pWyJ3+5UiqoeO2l0VBAQ==');
    expect(guidBytesToText(guidTextToBytes(`{${text.toUpperCase()}}`))).toBe(text);
  });

  it('rejects what is not a GUID', () => {
    expect(() => guidTextToBytes('not-a-guid')).toThrow(/not a GUID/);
    expect(() => guidBytesToText(Buffer.alloc(15))).toThrow(/16 bytes/);
    expect(guidBase64ToText('AAAA')).toBeUndefined();
  });

  it('normalises an immutable id given as GUID text to the base64 form', () => {
    expect(normalizeAnchor('c8566aab-fe9d-48e5-aaa1-e3b697454101')).toBe('q2pWyJ3+5UiqoeO2l0VBAQ==');
    expect(normalizeAnchor(' q2pWyJ3+5UiqoeO2l0VBAQ== ')).toBe('q2pWyJ3+5UiqoeO2l0VBAQ==');
    expect(normalizeAnchor(null)).toBeUndefined();
  });

  it('writes any 16 bytes as Buffer hex in the Windows GUID layout (first three groups reversed)', () => {
    const reference = (b: Buffer) => {
      const le = (from: number, to: number) => Buffer.from(b.subarray(from, to)).reverse().toString('hex');
      return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${b.subarray(8, 10).toString('hex')}-${b.subarray(10).toString('hex')}`;
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = guidBytesToText(bytes);
        expect(text).toBe(reference(Buffer.from(bytes)));
        expect(guidTextToBytes(text).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('reads base64 GUIDs exactly as Buffer does, canonical or not (the fast decoder falls back)', () => {
    // The reference is the plain definition: Node's lenient base64 decoder, 16 bytes or nothing.
    const reference = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      return bytes.length === 16 ? guidBytesToText(bytes) : undefined;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const canonical = fc
      .uint8Array({ minLength: 16, maxLength: 16 })
      .map((b) => Buffer.from(b).toString('base64'));
    // Near misses: one character swapped for a url-safe, padding, space, non-ASCII or stray one.
    const damaged = fc
      .tuple(canonical, fc.nat(23), fc.constantFrom('-', '_', '=', ' ', 'é', '\u0100', '.', 'A', '/'))
      .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));
    const anyText = fc.string({ unit: fc.constantFrom(...alphabet, '=', '-', '_', ' '), maxLength: 26 });
    fc.assert(
      fc.property(fc.oneof(canonical, damaged, anyText), (b64) => {
        expect(guidBase64ToText(b64)).toBe(reference(b64));
      }),
      { numRuns: 2000 },
    );
    expect(guidBase64ToText('y8aLq0TXtUOq1xp0NWq0yA==')).toBe(reference('y8aLq0TXtUOq1xp0NWq0yA=='));
  });
});
