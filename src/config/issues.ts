import type { z } from 'zod';
import { closest } from '../util/closest.ts';
import { formatPath, type Problem } from './path.ts';
import { configSchema } from './schema.ts';
import { isSecretPath, REDACTED } from './secrets.ts';

/** Longest echo of a wrong value in a message: the key path is what matters, not a 1 MB string. */
const ECHO_CHARS = 80;

/** Turns zod's issues into problems that name the key path, what was expected and what was found. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) {
        const hint = closest(key, known);
        out.push({
          path: formatPath([...issue.path, key]),
          message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}${known.length ? `; allowed here: ${known.join(', ')}` : ''}`,
        });
      }
      continue;
    }
    const got = valueAt(input, issue.path);
    const received = isSecretPath(issue.path) ? REDACTED : describeValue(got);
    out.push({ path: formatPath(issue.path), message: messageFor(issue, received, got) });
  }
  return out;
}

function messageFor(issue: z.core.$ZodIssue, received: string, got: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' && typeof got === 'number')
        return `not a finite number, got ${received}`;
      return `expected ${issue.expected}, got ${received}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${received}`;
    case 'invalid_union':
      return `expected ${unionAlternatives(issue)}, got ${received}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `too many entries: at most ${issue.maximum} allowed, got ${Array.isArray(got) ? got.length : received}`
        : issue.origin === 'number'
          ? `must be at most ${issue.maximum}, got ${received}`
          : withGot(issue.message, received, got);
    case 'too_small':
      return issue.origin === 'number'
        ? `must be at least ${issue.minimum}, got ${received}`
        : withGot(issue.message, received, got);
    default:
      return withGot(issue.message, received, got);
  }
}

/** A rule's own message, plus the value when it is a scalar (a whole section says nothing more). */
function withGot(message: string, received: string, got: unknown): string {
  return got !== null && typeof got === 'object' ? message : `${message} (got ${received})`;
}

/** "one of "off", "info", "warn", "fail", or an object" instead of zod's bare "Invalid input". */
function unionAlternatives(issue: z.core.$ZodIssueInvalidUnion): string {
  const parts: string[] = [];
  for (const branch of issue.errors) {
    for (const sub of branch) {
      if (sub.path.length > 0) continue;
      if (sub.code === 'invalid_value') parts.push(...sub.values.map((v) => JSON.stringify(v)));
      else if (sub.code === 'invalid_type') parts.push(`an ${sub.expected}`);
    }
  }
  return parts.length ? `one of ${[...new Set(parts)].join(', ')}` : 'a valid value';
}

/** A value as a message shows it: NaN and Infinity by name (JSON would say null), long text cut. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > ECHO_CHARS ? `${text.slice(0, ECHO_CHARS)}… (${text.length} characters)` : text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Walks the schema's shape to list the keys allowed at a path (for "did you mean"). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const key of path) {
    const inner = unwrap(schema);
    const shape = (inner as unknown as { shape?: Record<string, z.ZodType> }).shape;
    if (shape && typeof key === 'string' && shape[key]) schema = shape[key];
    else if ((inner as unknown as { element?: z.ZodType }).element)
      schema = (inner as unknown as { element: z.ZodType }).element;
    else return [];
  }
  const shape = (unwrap(schema) as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema as unknown as { unwrap?: () => z.ZodType; def?: { innerType?: z.ZodType } };
  for (let i = 0; i < 5; i++) {
    const next = cur.def?.innerType ?? (typeof cur.unwrap === 'function' ? cur.unwrap() : undefined);
    if (!next) break;
    cur = next as unknown as typeof cur;
  }
  return cur as unknown as z.ZodType;
}
