import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Config } from '../config/schema.ts';
import { UsageError } from './errors.ts';

/**
 * Trust for every TLS connection we make: Node's roots, then `endpoints.caFile`. Connections are
 * made with sources/net/trust-context.ts, which turns that leading list of roots into Node's
 * default store (so NODE_EXTRA_CA_CERTS counts, as for any Node program); verification is never
 * turned off.
 */
export interface TlsTrust {
  ca: string[];
  /** The extra PEM(s) alone, for clients that take only additions. */
  extra: string[];
}

export function loadTlsTrust(config: Config, extraFiles: (string | undefined)[] = []): TlsTrust {
  const extra: string[] = [];
  const files: [string, string | undefined][] = [
    ['endpoints.caFile', config.endpoints.caFile],
    ...extraFiles.map((f): [string, string | undefined] => ['CA file', f]),
  ];
  for (const [key, file] of files) if (file) extra.push(readCaFile(file, key));
  return { ca: [...rootCertificates, ...extra], extra };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * A CA file as PEM text. PEM is checked to hold at least one parseable certificate; a DER file (the
 * default of Windows' certificate export) is converted. Anything else is refused naming the key:
 * Node would silently ignore it and every TLS failure would then be blamed on the servers.
 */
export function readCaFile(file: string, key: string): string {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new UsageError(
      `${key}: cannot read CA file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
    );
  }
  return certificatePem(data, file, key);
}

/** The certificates of a CA file's bytes as PEM (see readCaFile); throws naming the key for anything else. */
export function certificatePem(data: Buffer, file: string, key: string): string {
  const text = data.toString('latin1');
  const blocks = text.match(PEM_BLOCK);
  if (blocks) {
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch {
        throw new UsageError(`${key}: ${file} holds a PEM block that is not a valid certificate`);
      }
    }
    return blocks.join('\n');
  }
  try {
    return new X509Certificate(data).toString();
  } catch {
    throw new UsageError(
      `${key}: ${file} is neither a PEM nor a DER certificate (export the CA certificate as Base-64 .cer/.pem or DER .cer)`,
    );
  }
}

interface ConnectTarget {
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
