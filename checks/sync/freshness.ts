import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';

const options = z.strictObject({
  /** Warn after this many hours without a sync (6 x the default 30-minute cycle). */
  warnAfterHours: z.number().positive().default(3),
  /** Fail after this many hours. Past 7 days Microsoft requires a full sync. */
  failAfterHours: z.number().positive().default(24),
});

const FULL_SYNC_DAYS = 7;

export default defineCheck({
  id: 'sync.freshness',
  area: 'sync',
  severity: 'fail',
  targetKind: 'tenant',
  title: 'Last directory sync is recent',
  failureTitle: 'Directory synchronisation is stale',
  description:
    'Entra Connect syncs every 30 minutes by default. A stale sync means new users, address changes and migrated mailboxes do not reach Entra ID, so MailStore sees an outdated directory. After 7 days without a cycle a full sync is needed.',
  remediation: {
    text: 'Check the Entra Connect server: the ADSync service, the scheduler and the Synchronization Service Manager for errors; then start a delta sync.',
    powershell: ['Get-ADSyncScheduler', 'Start-ADSyncSyncCycle -PolicyType Delta'],
  },
  docs: ['https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-sync-feature-scheduler'],
  requires: ['graph.organization'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts, now }) {
    const org = artifacts['graph.organization'];
    const target = org.displayName ? `${org.displayName} (${org.id})` : org.id;
    const last = org.onPremisesLastSyncDateTime;
    const evidence: Record<string, unknown> = {
      onPremisesLastSyncDateTime: last ?? null,
      judgedAt: now.toISOString(),
      warnAfterHours: opts.warnAfterHours,
      failAfterHours: opts.failAfterHours,
    };
    if (!last)
      return [
        {
          target,
          status: 'fail',
          message: 'No directory sync has ever completed (onPremisesLastSyncDateTime is empty)',
          evidence,
        },
      ];
    const t = Date.parse(last);
    if (Number.isNaN(t))
      return [{ target, status: 'error', message: `Unreadable sync time "${last}"`, evidence }];
    const hours = (now.getTime() - t) / 3_600_000;
    evidence.ageHours = Math.round(hours * 100) / 100;
    if (hours < -0.25)
      return [
        {
          target,
          status: 'warn',
          message: `Last sync is ${Math.round(-hours * 60)} minutes in the future: check the clock of the scanning host`,
          evidence,
        },
      ];
    const age =
      hours < 1
        ? `${Math.max(0, Math.round(hours * 60))} minutes`
        : hours < 48
          ? `${Math.round(hours * 10) / 10} hours`
          : `${Math.round(hours / 24)} days`;
    if (hours >= FULL_SYNC_DAYS * 24)
      return [
        {
          target,
          status: 'fail',
          message: `Last sync ${age} ago: more than ${FULL_SYNC_DAYS} days, Entra Connect needs a full sync`,
          evidence,
        },
      ];
    if (hours >= opts.failAfterHours)
      return [
        {
          target,
          status: 'fail',
          message: `Last sync ${age} ago (limit ${opts.failAfterHours} h)`,
          evidence,
        },
      ];
    if (hours >= opts.warnAfterHours)
      return [
        { target, status: 'warn', message: `Last sync ${age} ago (expected every 30 minutes)`, evidence },
      ];
    return [{ target, status: 'pass', message: `Last sync ${age} ago`, evidence }];
  },
});
