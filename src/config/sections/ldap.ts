import { z } from 'zod';

/** `ldap:` — the on-premises Active Directory read over LDAPS or StartTLS. */
export const ldapSection = z.strictObject({
  url: z.string().regex(/^ldaps?:\/\/[^/]+\/?$/, 'expected ldaps://host[:port] or ldap://host[:port]'),
  bindDn: z.string().min(1).optional(),
  password: z.string().optional(),
  caFile: z.string().min(1).optional(),
  startTls: z.boolean().default(false),
  /** Allows a simple bind over plain ldap:// without StartTLS. Never the default. */
  allowInsecure: z.boolean().default(false),
  timeoutMs: z.number().int().positive().default(15_000),
  pageSize: z.number().int().min(1).max(1000).default(1000),
});
