import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isCollection, isScalar, type Node, parseDocument, visit } from 'yaml';
import { ConfigError, UsageError } from '../util/errors.ts';
import { LIMITS } from './limits.ts';

/** YAML aliases allowed in one config; a handful is plenty, an "alias bomb" has thousands. */
const MAX_ALIASES = 100;

/** Reads a config file (bounded in size, any UTF encoding with a BOM) and parses its YAML or JSON. */
export function readConfigDocument(file: string): unknown {
  return parseText(decode(readBounded(file), file), file);
}

function readBounded(file: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw cannotRead(file, err);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw directory(file);
    // Read at most one byte past the limit: enough to know it is too big, even for a pipe or /dev/zero.
    const buf = Buffer.alloc(LIMITS.fileBytes + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > LIMITS.fileBytes)
        throw new ConfigError(file, [
          { path: '', message: `file is larger than ${LIMITS.fileBytes} bytes; a config is a few KB` },
        ]);
    }
    return buf.subarray(0, length);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw cannotRead(file, err);
  } finally {
    closeSync(fd);
  }
}

function cannotRead(file: string, err: unknown): UsageError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return directory(file);
  const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String(err);
  const hint = code === 'ENOENT' ? ` (create one with \`hybridscan init --out ${file}\`)` : '';
  return new UsageError(`cannot read config ${file}: ${why}${hint}`);
}

function directory(file: string): UsageError {
  return new UsageError(
    `cannot read config ${file}: it is a directory; give the config file itself (e.g. --config ${file}/hybridscan.yaml)`,
  );
}

/** UTF-8 (with or without BOM) and UTF-16 with a BOM are read; UTF-16 without one is named, not garbled. */
function decode(buf: Buffer, file: string): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  if (buf.includes(0))
    throw new ConfigError(file, [
      {
        path: '',
        message: 'file contains NUL bytes: it looks like UTF-16 without a byte-order mark; save it as UTF-8',
      },
    ]);
  return buf.toString('utf8');
}

function parseText(text: string, file: string): unknown {
  const syntax = (message: string) =>
    new ConfigError(file, [{ path: '', message: `YAML syntax: ${message}` }]);
  try {
    const doc = parseDocument(text, { prettyErrors: true });
    const first = doc.errors[0];
    if (first) throw syntax(firstLine(first.message));
    const odd = oddKey(doc, text);
    if (odd) throw syntax(odd);
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // The yaml library throws (not reports) on an alias bomb; a stack overflow means absurd nesting.
    if (err instanceof RangeError) throw syntax('nested too deeply');
    throw syntax(firstLine((err as Error).message ?? String(err)));
  }
}

/**
 * The first mapping key that is no name: a list or map (`[a]: 1`, which the yaml library would
 * turn into the text "[ a ]" with a process warning) or an empty key (`~: 1`, `: 1`). Config keys
 * are names; either would otherwise be reported as an unknown key that the file does not spell.
 */
function oddKey(doc: ReturnType<typeof parseDocument>, text: string): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const at = (node: Node | null) => {
        const offset = node?.range?.[0];
        return offset === undefined ? '' : ` (line ${text.slice(0, offset).split('\n').length})`;
      };
      if (isCollection(key)) found = `a key${at(key)} is a list or map; config keys are names`;
      else if (key === null || (isScalar(key) && key.value === null))
        found = `a key${at(key ?? (pair.value as Node | null))} is empty (nothing, ~ or null before the colon); config keys are names`;
      return found ? visit.BREAK : undefined;
    },
  });
  return found;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
