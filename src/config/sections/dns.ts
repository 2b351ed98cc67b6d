import { z } from 'zod';

const server = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[0-9a-zA-Z.:-]+?)(:\d{1,5})?$/,
    'expected host or host:port (IPv6 as [addr]:port)',
  );

/** `dns:` — resolvers used for every DNS question. */
export const dnsSection = z.strictObject({
  servers: z.array(server).min(1).optional(),
  timeoutMs: z.number().int().positive().default(3000),
  retries: z.number().int().min(0).max(5).default(2),
  concurrency: z.number().int().min(1).max(64).default(8),
});
