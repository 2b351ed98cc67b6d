import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { closest } from '../util/closest.ts';
import { ConfigError, UsageError } from '../util/errors.ts';
import { type Config, configSchema } from './schema.ts';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or a label such as `demo scenario contoso-ready`. */
  source: string;
  /** Directory that relative paths in the config were resolved against. */
  baseDir: string;
}

/** Reads a YAML or JSON config file, interpolates ${ENV}, validates it and resolves its paths. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new UsageError(
      `cannot read config ${file}: ${why} (create one with \`hybridscan init --out ${file}\`)`,
    );
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({ path: '', message: `YAML syntax: ${e.message.split('\n')[0]}` })),
    );
  }
  const raw = doc.toJS() ?? {};
  return parseConfig(raw, file, dirname(resolve(file)), env);
}

/** Validates an already-parsed config object (from a file, a scenario or a test). */
export function parseConfig(
  raw: unknown,
  source: string,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const problems: { path: string; message: string }[] = [];
  const interpolated = interpolate(raw, [], env, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error.issues, interpolated));
  return { config: resolvePaths(parsed.data, baseDir), source, baseDir };
}

const ENV_REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function interpolate(
  value: unknown,
  path: (string | number)[],
  env: NodeJS.ProcessEnv,
  problems: { path: string; message: string }[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (match, name: string | undefined) => {
      if (name === undefined) return '${'; // `$${` escapes a literal `${`
      const found = env[name];
      if (found === undefined) {
        problems.push({ path: formatPath(path), message: `environment variable ${name} is not set` });
        return match;
      }
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, problems)]),
    );
  }
  return value;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function describeIssues(issues: z.core.$ZodIssue[], input: unknown): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
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
    const received = got === undefined ? 'nothing' : JSON.stringify(got);
    const message =
      issue.code === 'invalid_type'
        ? `expected ${issue.expected}, got ${received}`
        : issue.code === 'invalid_value'
          ? `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${received}`
          : `${issue.message} (got ${received})`;
    out.push({ path: formatPath(issue.path), message });
  }
  return out;
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

function resolvePaths(config: Config, baseDir: string): Config {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(baseDir, p));
  const out = structuredClone(config);
  if (out.endpoints.caFile) out.endpoints.caFile = abs(out.endpoints.caFile);
  if (out.ldap?.caFile) out.ldap.caFile = abs(out.ldap.caFile);
  if (out.graph?.certificate) {
    out.graph.certificate.certFile = abs(out.graph.certificate.certFile)!;
    out.graph.certificate.keyFile = abs(out.graph.certificate.keyFile)!;
  }
  if (out.exchangeOnline?.exportDir) out.exchangeOnline.exportDir = abs(out.exchangeOnline.exportDir);
  // Plugins that look like paths are relative to the config; bare names are packages.
  out.plugins = out.plugins.map((p) => (p.startsWith('.') ? resolve(baseDir, p) : p));
  return out;
}
