import { z } from 'zod';
import { durationMs } from '../limits.ts';

/** `ldap:` — the on-premises Active Directory read over LDAPS or StartTLS. */
export const ldapSection = z
  .strictObject({
    url: z.string().regex(/^ldaps?:\/\/[^/]+\/?$/, 'expected ldaps://host[:port] or ldap://host[:port]'),
    bindDn: z.string().min(1).optional(),
    password: z.string().optional(),
    /** Extra CA (PEM) trusted for this directory's certificate, on top of `endpoints.caFile`. */
    caFile: z.string().min(1).optional(),
    startTls: z.boolean().default(false),
    /** Allows a simple bind over plain ldap:// without StartTLS. Never the default. */
    allowInsecure: z.boolean().default(false),
    /** Per-operation timeout (connect, bind, each search page). */
    timeoutMs: durationMs(1, 600_000, 15_000),
    /** Paged-results page size; AD's MaxPageSize is 1000, so more is refused. */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /** Concurrent searches on the one connection. */
    concurrency: z.number().int().min(1).max(8).default(4),
    /** Overrides for the naming contexts read from rootDSE (multi-domain forests, GC reads). */
    baseDn: z.string().min(1).optional(),
    configurationDn: z.string().min(1).optional(),
    /**
     * The archive's on-prem service account (sAMAccountName, UPN or DN) whose RBAC role
     * assignments `exch.archiving-service-account` verifies.
     */
    archivingServiceAccount: z.string().min(1).optional(),
    /** Upper bound on users read (safety valve for huge directories); 0 = no limit. */
    maxUsers: z.number().int().min(0).default(0),
  })
  .superRefine((ldap, ctx) => {
    // Refused here, before anything connects: a simple bind over plain LDAP sends the password in clear.
    if (ldap.url.startsWith('ldap://') && !ldap.startTls && !ldap.allowInsecure)
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message:
          'plain ldap:// sends the bind password in clear text: use ldaps://, or set ldap.startTls: true (ldap.allowInsecure: true only on an isolated lab network)',
      });
  });
