import { z } from 'zod';
import { durationMs, ONE_HOUR_MS } from '../limits.ts';

/**
 * `exchangeOnline:` — Exchange Online configuration, read live over HTTPS (the Exchange Online Admin
 * API, app-only, with the `graph:` app's credentials) and/or from an administrator-supplied export
 * folder. Live wins; the export fills what live does not read (journal rules without invokeCommand).
 */
export const exchangeOnlineSection = z.strictObject({
  /** Folder with Get-JournalRule / Get-TransportConfig / … JSON exports (see README). */
  exportDir: z.string().min(1).optional(),
  /**
   * Read Exchange Online live. Default: on when `graph:` has an app credential (clientSecret or
   * certificate); the live source is app-only, device code cannot use it.
   */
  live: z.boolean().optional(),
  /**
   * Also use the undocumented InvokeCommand endpoint of the ExchangeOnlineManagement module for the
   * cmdlets the Admin API lacks (journal rules, transport config, connectors, …). Read-only Get-*
   * cmdlets only. Off by default.
   */
  invokeCommand: z.boolean().default(false),
  /** Timeout of one HTTPS request to Exchange Online, ms. */
  timeoutMs: durationMs(1, 600_000, 30_000),
  /** Deadline for the whole Exchange Online read (every cmdlet, every page, retries), ms. */
  overallTimeoutMs: durationMs(1, ONE_HOUR_MS, 300_000),
  /** Rows per page (Prefer: odata.maxpagesize); the Admin API returns up to 1000 by default. */
  pageSize: z.number().int().min(1).max(1000).default(1000),
  /** Attempts per request when Exchange Online throttles (429) or fails (5xx). */
  maxAttempts: z.number().int().min(1).max(10).default(6),
  /** Upper bound of all Retry-After waits of the Exchange Online read, ms. */
  maxRetryWaitMs: durationMs(0, ONE_HOUR_MS, 60_000),
});
