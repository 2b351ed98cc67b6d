import { z } from 'zod';
import { durationMs, LIMITS } from '../limits.ts';

const server = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[0-9a-zA-Z.:-]+?)(:\d{1,5})?$/,
    'expected host or host:port (IPv6 as [addr]:port)',
  );

/**
 * `dns:` — resolvers used for every DNS question (mail domains, SPF expansion, MTA-STS hosts, the
 * Gateway's MX). Queries go over UDP with EDNS(0) (payload 1232) and the DO bit, and over TCP
 * when an answer is truncated.
 */
export const dnsSection = z.strictObject({
  /**
   * Resolvers as `host[:port]`, asked in order with failover (default: the system's resolvers
   * from /etc/resolv.conf). Use a validating resolver to see the DNSSEC AD flag.
   */
  servers: z.array(server).min(1).max(LIMITS.dnsServers).optional(),
  /** Per-question timeout for one server and transport. */
  timeoutMs: durationMs(1, 60_000, 3000),
  /** Extra rounds over the server list after the first (a timeout costs servers × (retries + 1) × timeoutMs). */
  retries: z.number().int().min(0).max(5).default(2),
  /** Questions in flight at once. */
  concurrency: z.number().int().min(1).max(64).default(8),
});
