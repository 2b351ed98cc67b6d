import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Config } from '../config/schema.ts';
import { UsageError } from './errors.ts';

/**
 * Trust for every TLS connection we make. `endpoints.caFile` adds to Node's roots (passing `ca`
 * to Node replaces the defaults, so both are listed); verification is never turned off.
 */
export interface TlsTrust {
  ca: string[];
  /** The extra PEM(s) alone, for clients that take only additions. */
  extra: string[];
}

export function loadTlsTrust(config: Config, extraFiles: (string | undefined)[] = []): TlsTrust {
  const extra: string[] = [];
  for (const file of [config.endpoints.caFile, ...extraFiles]) {
    if (!file) continue;
    try {
      extra.push(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read CA file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
  }
  return { ca: [...rootCertificates, ...extra], extra };
}

export interface ConnectTarget {
  host: string;
  port: number;
}

/**
 * Applies `endpoints.connectTo` rules (curl's --connect-to: HOST:PORT:TO_HOST:TO_PORT, empty
 * parts match any / keep the original) to the address a request would use.
 */
export function connectTarget(host: string, port: number, rules: readonly string[]): ConnectTarget {
  for (const rule of rules) {
    const [fromHost, fromPort, toHost, toPort] = rule.split(':') as [string, string, string, string];
    if (fromHost && fromHost.toLowerCase() !== host.toLowerCase()) continue;
    if (fromPort && Number(fromPort) !== port) continue;
    return { host: toHost || host, port: toPort ? Number(toPort) : port };
  }
  return { host, port };
}
