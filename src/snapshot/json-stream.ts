/**
 * JSON files too large to hold twice: a snapshot of 100k + 100k users is a few hundred MB of
 * text, and `JSON.stringify` / `readFileSync` + `JSON.parse` hold that text (as a UTF-16 string
 * when it has one non-ASCII character) next to the objects. Here the big containers are written
 * and read piece by piece:
 *   - writing produces exactly `JSON.stringify(value, null, 2)`, container by container, each
 *     small value stringified natively, flushed to the file every MB;
 *   - reading takes the file in chunks and parses any value that fits in a window with
 *     `JSON.parse` of its bytes; only containers larger than the window (the artifacts, the user
 *     lists) are walked here, so any JSON file, pretty or compact, reads as `JSON.parse` would.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/** A container with more entries than this (or near the top) is written entry by entry. */
const SPLIT_ENTRIES = 16;
const SPLIT_DEPTH = 3;
const FLUSH_CHARS = 1 << 20;

/** Writes `JSON.stringify(value, null, 2)` to the open file `fd`, without building the whole text. */
export function writeJsonPretty(fd: number, value: unknown): void {
  let pending = '';
  const out = (text: string) => {
    pending += text;
    if (pending.length >= FLUSH_CHARS) {
      writeSync(fd, pending);
      pending = '';
    }
  };
  const top = prepare(value, '');
  if (top !== undefined) writeValue(top, '', 0, out);
  if (pending) writeSync(fd, pending);
}

/** What JSON.stringify does to a value before writing it (toJSON, primitive wrappers); undefined = skipped. */
function prepare(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function')
    v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

function writeValue(value: unknown, indent: string, depth: number, out: (text: string) => void): void {
  if (value === null || typeof value !== 'object') {
    out(JSON.stringify(value));
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0 || (depth >= SPLIT_DEPTH && value.length <= SPLIT_ENTRIES)) {
      out(natively(value, indent));
      return;
    }
    out('[');
    for (let i = 0; i < value.length; i++) {
      out(i === 0 ? `\n${inner}` : `,\n${inner}`);
      const item = prepare(value[i], String(i));
      if (item === undefined) out('null');
      else writeValue(item, inner, depth + 1, out);
    }
    out(`\n${indent}]`);
    return;
  }
  const keys = Object.keys(value);
  if (depth >= SPLIT_DEPTH && keys.length <= SPLIT_ENTRIES) {
    out(natively(value, indent));
    return;
  }
  let first = true;
  for (const key of keys) {
    const item = prepare((value as Record<string, unknown>)[key], key);
    if (item === undefined) continue;
    out(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    first = false;
    writeValue(item, inner, depth + 1, out);
  }
  out(first ? '{}' : `\n${indent}}`);
}

/** JSON.stringify's own indentation, shifted to `indent` (strings hold no raw newline). */
function natively(value: object, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

/** A value whose text is at most this long is handed to JSON.parse whole. */
const WINDOW = 1 << 20;
const CHUNK = 1 << 21;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Parses a JSON file as JSON.parse would, holding at most a few MB of its text at a time.
 * `sizes` (bytes of the window and of the first chunk) are for tests of the chunk boundaries.
 */
/**
 * Called for each container the reader walks (one larger than the window), with its path of keys
 * (array indexes as strings); what it returns is applied to each child of that container as it is
 * parsed, so a large list can be made compact record by record while the file is read.
 */
export type ChildHook = (path: readonly string[]) => ((child: unknown, key: string) => unknown) | undefined;

export function readJsonFile(
  file: string,
  sizes = { window: WINDOW, chunk: CHUNK },
  hook?: ChildHook,
): unknown {
  const fd = openSync(file, 'r');
  try {
    const reader = new ChunkedParser(fd, sizes.window, sizes.chunk, hook);
    const value = reader.value();
    reader.skipSpace();
    if (!reader.atEnd()) reader.fail('Unexpected non-whitespace character after JSON');
    return value;
  } finally {
    closeSync(fd);
  }
}

class ChunkedParser {
  private buf: Buffer;
  /** Valid bytes are buf[0, end); pos is the next byte to read. */
  private end = 0;
  private pos = 0;
  /** File offset of buf[0], for error messages. */
  private base = 0;
  private eof = false;
  /** Keys from the top to the value being parsed (for the hook). */
  private readonly path: string[] = [];

  constructor(
    private readonly fd: number,
    private readonly window: number,
    chunk: number,
    private readonly hook?: ChildHook,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1, chunk));
  }

  /** Reads more of the file, keeping buf[pos, end); false at the end of the file. */
  private fill(): boolean {
    if (this.eof) return false;
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.end);
      this.end -= this.pos;
      this.base += this.pos;
      this.pos = 0;
    }
    if (this.end === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    const read = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
    if (read === 0) this.eof = true;
    this.end += read;
    return read > 0;
  }

  fail(message: string): never {
    throw new SyntaxError(
      `${message} at position ${this.base + this.pos} of the file${message.endsWith('starting') ? ')' : ''}`,
    );
  }

  atEnd(): boolean {
    return this.pos >= this.end && !this.fill();
  }

  skipSpace(): void {
    for (;;) {
      while (this.pos < this.end) {
        const c = this.buf[this.pos]!;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
        this.pos++;
      }
      if (!this.fill()) return;
    }
  }

  private peek(): number {
    this.skipSpace();
    if (this.pos >= this.end) this.fail('Unexpected end of JSON input');
    return this.buf[this.pos]!;
  }

  /**
   * The length of the value at pos when it is at most `limit` bytes, else -1 (a container larger
   * than the window). Strings and scalars are measured whatever their length.
   */
  private extent(limit: number): number {
    const first = this.buf[this.pos]!;
    if (first === QUOTE) return this.stringExtent(0);
    if (first !== 0x7b && first !== 0x5b) {
      let k = 0;
      for (;;) {
        if (this.pos + k >= this.end && !this.fill()) return k;
        const c = this.buf[this.pos + k]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)
          return k;
        k++;
      }
    }
    let depth = 0;
    let k = 0;
    for (;;) {
      if (k > limit) return -1;
      if (this.pos + k >= this.end && !this.fill()) return k; // unterminated: JSON.parse says so
      const c = this.buf[this.pos + k]!;
      if (c === QUOTE) {
        k = this.stringExtent(k);
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return k + 1;
      }
      k++;
    }
  }

  /** From the quote at pos + k, the offset just past the closing quote (or the end of input). */
  private stringExtent(k: number): number {
    let from = this.pos + k + 1;
    for (;;) {
      const q = this.buf.indexOf(QUOTE, from);
      if (q < 0 || q >= this.end) {
        const offset = this.end - this.pos;
        if (!this.fill()) return this.end - this.pos;
        from = this.pos + offset;
        continue;
      }
      let slashes = 0;
      while (this.buf[q - 1 - slashes] === BACKSLASH) slashes++;
      if (slashes % 2 === 0) return q + 1 - this.pos;
      from = q + 1;
    }
  }

  value(): unknown {
    const first = this.peek();
    const length = this.extent(this.window);
    if (length >= 0) {
      const text = this.buf.toString('utf8', this.pos, this.pos + length);
      this.pos += length;
      try {
        return JSON.parse(text);
      } catch (err) {
        this.pos -= length;
        this.fail(`${(err as Error).message} (in the value starting`);
      }
    }
    this.pos++;
    return first === 0x7b ? this.object() : this.array();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const each = this.hook?.(this.path);
    if (this.peek() === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      if (this.peek() !== QUOTE) this.fail('Expected a property name');
      const key = this.value() as string;
      if (this.peek() !== 0x3a) this.fail("Expected ':' after a property name");
      this.pos++;
      this.path.push(key);
      const parsed = this.value();
      this.path.pop();
      const item = each ? each(parsed, key) : parsed;
      // JSON.parse makes "__proto__" an own property; assignment would set the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: item,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else out[key] = item;
      const next = this.peek();
      this.pos++;
      if (next === 0x7d) return out;
      if (next !== 0x2c) {
        this.pos--;
        this.fail("Expected ',' or '}' after a property value");
      }
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    if (this.peek() === 0x5d) {
      this.pos++;
      return out;
    }
    const each = this.hook?.(this.path);
    for (;;) {
      if (each) {
        const key = String(out.length);
        this.path.push(key);
        const parsed = this.value();
        this.path.pop();
        out.push(each(parsed, key));
      } else out.push(this.value());
      const next = this.peek();
      this.pos++;
      if (next === 0x5d) return out;
      if (next !== 0x2c) {
        this.pos--;
        this.fail("Expected ',' or ']' after an array element");
      }
    }
  }
}
