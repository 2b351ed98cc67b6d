import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonFile, writeJsonPretty } from '../../src/snapshot/json-stream.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-json-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function written(value: unknown): string {
  const file = join(dir, `w${n++}.json`);
  const fd = openSync(file, 'w');
  try {
    writeJsonPretty(fd, value);
  } finally {
    closeSync(fd);
  }
  return readFileSync(file, 'utf8');
}

function read(text: string, window: number, chunk: number): unknown {
  const file = join(dir, `r${n++}.json`);
  writeFileSync(file, text);
  return readJsonFile(file, { window, chunk });
}

const big = {
  kind: 'hybridscan-snapshot',
  artifacts: {
    'ldap.users': {
      status: 'ok',
      data: Array.from({ length: 40 }, (_, i) => ({
        dn: `CN=Ünïcode "${i}",DC=x`,
        n: i,
        list: [i, 'a\\"b'],
      })),
    },
    empty: { a: [], b: {} },
    skipped: { u: undefined, f: () => 1, d: new Date(0), nested: [undefined, null] },
  },
};

describe('writeJsonPretty', () => {
  it('writes exactly JSON.stringify(value, null, 2)', () => {
    expect(written(big)).toBe(JSON.stringify(big, null, 2));
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(written(v)).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 200 },
    );
  });
});

describe('readJsonFile', () => {
  it('parses as JSON.parse does, whatever the window and chunk sizes', () => {
    const pretty = JSON.stringify(big, null, 2);
    for (const [window, chunk] of [
      [1 << 20, 1 << 21],
      [1, 1],
      [7, 3],
      [64, 16],
    ] as const) {
      expect(read(pretty, window, chunk)).toEqual(JSON.parse(pretty));
      expect(read(JSON.stringify(big), window, chunk)).toEqual(JSON.parse(JSON.stringify(big)));
    }
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        (v, w, c) => {
          const text = JSON.stringify(v, null, 1);
          expect(read(text, w, c)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const parsed = read('{"a": {"__proto__": {"polluted": true}, "b": 1}}', 1, 4) as {
      a: Record<string, unknown>;
    };
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(Object.keys(parsed.a)).toEqual(['__proto__', 'b']);
  });

  it('rejects malformed or truncated JSON', () => {
    for (const text of ['{"a": [1, 2', '{"a" 1}', '[1 2]', '{"a": 1} x', '', '{"a": "unterminated']) {
      expect(() => read(text, 2, 2), text).toThrow(SyntaxError);
    }
  });
});

describe('readJsonFile with a child hook', () => {
  it('hands each child of a walked container to the hook with its path, and keeps what it returns', () => {
    const file = join(dir, `h${n++}.json`);
    writeFileSync(file, JSON.stringify(big, null, 2));
    const seen: string[] = [];
    const value = readJsonFile(file, { window: 64, chunk: 32 }, (path) => {
      seen.push(path.join('/'));
      if (path.join('/') !== 'artifacts/ldap.users/data') return undefined;
      return (child, key) => ({ ...(child as object), key });
    }) as typeof big;
    const users = value.artifacts['ldap.users'].data as unknown as { n: number; key: string }[];
    expect(users.map((u) => u.key)).toEqual(users.map((_, i) => String(i)));
    expect(users.map((u) => u.n)).toEqual(big.artifacts['ldap.users'].data.map((u) => u.n));
    // Only walked containers reach the hook: the top, the artifacts, the user list and its parent.
    expect(seen).toEqual(
      expect.arrayContaining(['', 'artifacts', 'artifacts/ldap.users', 'artifacts/ldap.users/data']),
    );
    // Without changes from the hook, the value is JSON.parse's.
    expect(readJsonFile(file, { window: 64, chunk: 32 }, () => (child) => child)).toEqual(
      JSON.parse(JSON.stringify(big)),
    );
  });
});
