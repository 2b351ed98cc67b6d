import { z } from 'zod';

/** `probes:` — sample users and options for the Autodiscover/EWS/TLS probes. */
export const probesSection = z.strictObject({
  onPremisesMailbox: z.email().optional(),
  cloudMailbox: z.email().optional(),
  /** Also read the on-prem smart host's SMTP STARTTLS certificate (port 25). */
  smtp: z.boolean().default(false),
  timeoutMs: z.number().int().positive().default(10_000),
  concurrency: z.number().int().min(1).max(32).default(4),
});
