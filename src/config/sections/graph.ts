import { z } from 'zod';
import { durationMs, ONE_HOUR_MS } from '../limits.ts';

/** `graph:` — the Entra app (or delegated sign-in) used to read Microsoft Graph. */
export const graphSection = z
  .strictObject({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    certificate: z
      .strictObject({
        certFile: z.string().min(1),
        keyFile: z.string().min(1),
        /** Send the certificate chain (x5c) with the assertion, for subject-name/issuer auth. */
        x5c: z.boolean().default(false),
      })
      .optional(),
    deviceCode: z.boolean().default(false),
    timeoutMs: durationMs(1, 600_000, 30_000),
    concurrency: z.number().int().min(1).max(32).default(4),
    /** `$top` of list requests (Graph's maximum for users is 999). */
    pageSize: z.number().int().min(1).max(999).default(999),
    /** Attempts per request when Graph (or the token endpoint) throttles (429) or fails (5xx). */
    maxAttempts: z.number().int().min(1).max(10).default(6),
    /** Upper bound of all Retry-After waits of one scan, in ms; past it the request errors. */
    maxRetryWaitMs: durationMs(0, ONE_HOUR_MS, 60_000),
    /** Probe mailboxSettings of suspect users (see README); at most this many users. 0 = off. */
    maxMailboxProbes: z.number().int().min(0).max(500).default(40),
  })
  .superRefine((graph, ctx) => {
    // The README promises exactly one credential; with two, which one signs in would be a guess.
    const given = [
      graph.clientSecret !== undefined && 'clientSecret',
      graph.certificate !== undefined && 'certificate',
      graph.deviceCode && 'deviceCode',
    ].filter(Boolean);
    if (given.length > 1)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `set exactly one credential (clientSecret, certificate or deviceCode: true), got ${given.join(' and ')}`,
      });
  });
