import { z } from 'zod';

/** `graph:` — the Entra app (or delegated sign-in) used to read Microsoft Graph. */
export const graphSection = z.strictObject({
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
  timeoutMs: z.number().int().positive().default(30_000),
  concurrency: z.number().int().min(1).max(32).default(4),
});
