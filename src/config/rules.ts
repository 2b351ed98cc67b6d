import { existsSync } from 'node:fs';
import { readCaFile } from '../util/tls.ts';
import { formatPath, type Problem } from './path.ts';
import type { Config } from './schema.ts';
import { ENV_ONLY, SECRET_KEYS } from './secrets.ts';

/**
 * Rules for a config a person wrote into a file, on top of the schema. They are checked before
 * anything is contacted, so a mistake costs an exit 2, not a half scan blamed on the customer.
 * (Demo scenarios and tests build configs in code and go through the schema only.)
 */

/** Secrets come only from `${ENV}` (the value is checked before interpolation). */
export function literalSecrets(raw: unknown, path: (string | number)[] = []): Problem[] {
  if (Array.isArray(raw)) return raw.flatMap((v, i) => literalSecrets(v, [...path, i]));
  if (!raw || typeof raw !== 'object') return [];
  const out: Problem[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = [...path, key];
    if (SECRET_KEYS.has(key) && value !== undefined && value !== null) {
      if (typeof value !== 'string' || !ENV_ONLY.test(value))
        out.push({
          path: formatPath(at),
          message: `a secret is never written into the config: put it in an environment variable and write ${key}: \${HYBRIDSCAN_${envSuffix(key)}}`,
        });
      continue;
    }
    out.push(...literalSecrets(value, at));
  }
  return out;
}

function envSuffix(key: string): string {
  return key === 'clientSecret' ? 'CLIENT_SECRET' : key === 'password' ? 'LDAP_PASSWORD' : key.toUpperCase();
}

/** An empty file (or one of comments) would scan nothing and report READY. */
export function nothingConfigured(config: Config): Problem[] {
  const hasSource =
    config.tenant !== undefined ||
    config.domains.length > 0 ||
    config.graph !== undefined ||
    config.ldap !== undefined ||
    config.exchangeOnline?.exportDir !== undefined ||
    config.exchangeOnline?.live === true;
  return hasSource
    ? []
    : [{ path: '', message: 'nothing is configured: set tenant and at least one source' }];
}

/** Graph needs the tenant to sign in to and one credential; certificate files must exist. */
export function graphReady(config: Config): Problem[] {
  const graph = config.graph;
  if (!graph) return [];
  const out: Problem[] = [];
  if (!config.tenant) out.push({ path: 'tenant', message: 'graph needs the tenant to sign in to' });
  if (graph.clientSecret === undefined && !graph.certificate && !graph.deviceCode)
    out.push({
      path: 'graph',
      message:
        'no credential: set clientSecret: ${HYBRIDSCAN_CLIENT_SECRET}, certificate: { certFile, keyFile }, or deviceCode: true',
    });
  if (graph.certificate) {
    for (const key of ['certFile', 'keyFile'] as const) {
      const file = graph.certificate[key];
      if (!existsSync(file))
        out.push({ path: `graph.certificate.${key}`, message: `file not found: ${file}` });
    }
  }
  return out;
}

/** CA files must be readable certificates (PEM or DER), or every TLS failure is misattributed. */
export function caFilesReadable(config: Config): Problem[] {
  const out: Problem[] = [];
  const files: [string, string | undefined][] = [
    ['endpoints.caFile', config.endpoints.caFile],
    ['ldap.caFile', config.ldap?.caFile],
  ];
  for (const [key, file] of files) {
    if (!file) continue;
    try {
      readCaFile(file, key);
    } catch (err) {
      out.push({ path: key, message: (err as Error).message.replace(`${key}: `, '') });
    }
  }
  return out;
}
