import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../util/errors.ts';
import { interpolate } from './interpolate.ts';
import { describeIssues } from './issues.ts';
import type { Problem } from './path.ts';
import { readConfigDocument } from './read.ts';
import { caFilesReadable, graphReady, literalSecrets, nothingConfigured } from './rules.ts';
import { type Config, configSchema } from './schema.ts';

export { formatPath } from './path.ts';

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or a label such as `demo scenario contoso-ready`. */
  source: string;
  /** Directory that relative paths in the config were resolved against. */
  baseDir: string;
}

/**
 * Reads a YAML or JSON config file, interpolates ${ENV}, validates it and resolves its paths. A
 * file also has to be usable as written (secrets only from ${ENV}, something to scan, a complete
 * Graph credential, readable certificate files), checked here before anything is contacted.
 */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const raw = readConfigDocument(file) ?? {};
  const secrets = literalSecrets(raw);
  if (secrets.length > 0) throw new ConfigError(file, secrets);
  const loaded = parseConfig(raw, file, dirname(resolve(file)), env);
  const problems: Problem[] = [
    ...nothingConfigured(loaded.config),
    ...graphReady(loaded.config),
    ...caFilesReadable(loaded.config),
  ];
  if (problems.length > 0) throw new ConfigError(file, problems);
  return loaded;
}

/** Validates an already-parsed config object (from a file, a scenario or a test). */
export function parseConfig(
  raw: unknown,
  source: string,
  baseDir: string,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const problems: Problem[] = [];
  const interpolated = interpolate(raw, [], env, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) throw new ConfigError(source, describeIssues(parsed.error.issues, interpolated));
  return { config: resolvePaths(parsed.data, baseDir), source, baseDir };
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
