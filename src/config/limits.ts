import { z } from 'zod';

/**
 * Upper bounds on what a config may hold. A config is written by a person: anything far past these
 * is a mistake or an attack, and unbounded lists make validation and collection hang.
 */
export const LIMITS = {
  /** Bytes read from a config file (a real one is a few KB). */
  fileBytes: 1024 * 1024,
  /** Nesting depth of objects and arrays (the schema itself is four levels deep). */
  depth: 32,
  domains: 1000,
  dnsServers: 16,
  connectTo: 256,
  exceptions: 5000,
  plugins: 64,
  checks: 1000,
  probeUrls: 100,
} as const;

/**
 * A duration in ms. Node truncates timer delays above 2^31-1 ms to 1 ms, so an absurd value would
 * silently become an instant timeout: refuse anything past an hour.
 */
export function durationMs(min: number, max: number, fallback: number) {
  return z.number().int().min(min).max(max).default(fallback);
}

export const ONE_HOUR_MS = 3_600_000;
