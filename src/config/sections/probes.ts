import { z } from 'zod';
import { durationMs, LIMITS } from '../limits.ts';

/** `probes:` — sample users and options for the Autodiscover/EWS/TLS probes. */
export const probesSection = z.strictObject({
  /** A mailbox hosted on-premises (default: picked from ldap.users, else graph.users). */
  onPremisesMailbox: z.email().optional(),
  /** A mailbox hosted in Exchange Online (default: a remote mailbox from ldap.users, else graph.users). */
  cloudMailbox: z.email().optional(),
  /** Also read the on-prem smart host's SMTP STARTTLS certificate (port 25). */
  smtp: z.boolean().default(false),
  /** The SMTP host for `smtp: true` (default: the hybrid smart host from AD, else the EWS host). */
  smtpHost: z.string().min(1).optional(),
  /** Extra EWS URLs to probe besides those Autodiscover returns (e.g. the URL MailStore uses). */
  ewsUrls: z
    .array(z.url({ protocol: /^https$/, error: 'expected an https:// URL' }))
    .max(LIMITS.probeUrls)
    .default([]),
  /** Extra Autodiscover host names to probe besides autodiscover.<domain>, SRV and SCP targets. */
  autodiscoverHosts: z.array(z.string().min(1)).max(LIMITS.probeUrls).default([]),
  /** Redirects followed for one probe (never to plain http:). */
  maxRedirects: z.number().int().min(0).max(10).default(3),
  /** Time for one HTTPS or SMTP probe, connect to last byte. */
  timeoutMs: durationMs(1, 600_000, 10_000),
  concurrency: z.number().int().min(1).max(32).default(4),
});
