/**
 * What a check's run() returned, validated before the runner trusts it. Built-in checks are typed,
 * but plugins are plain JavaScript: a `[null]`, a Promise or a finding without a status must become
 * that check's `error` naming what was wrong, never an "internal error" that loses the scan.
 */
import { z } from 'zod';
import type { Finding, TargetKind } from './types.ts';

const TARGET_KINDS = [
  'domain',
  'user',
  'mailbox',
  'server',
  'host',
  'url',
  'app',
  'credential',
  'connector',
  'rule',
  'record',
  'tenant',
  'organization',
  'object',
  'check-wide',
] as const satisfies readonly TargetKind[];
type MissingKind = Exclude<TargetKind, (typeof TARGET_KINDS)[number]>;
// Compile-time: a new TargetKind must be added above, or plugins using it would be refused.
const everyKindListed: MissingKind extends never ? true : never = true;
void everyKindListed;

/** Bounds keep a runaway plugin from turning one check into gigabytes of report. */
const MAX_TEXT = 10_000;
const findingSchema = z.object({
  target: z.union([
    z.string().min(1).max(MAX_TEXT),
    z.object({
      kind: z.enum(TARGET_KINDS).optional(),
      id: z.string().min(1).max(MAX_TEXT),
      label: z.string().max(MAX_TEXT).optional(),
    }),
  ]),
  status: z.enum(['pass', 'fail', 'warn', 'info', 'error']),
  message: z.string().max(MAX_TEXT),
  evidence: z.record(z.string(), z.unknown()).optional(),
});

export class BadCheckOutput extends Error {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** The findings, or a BadCheckOutput saying which element and field was wrong. */
export function validateFindings(raw: unknown): Finding[] {
  if (isThenable(raw)) {
    // The rejection is ours to swallow: left alone it would crash the process as unhandled.
    Promise.resolve(raw).catch(() => undefined);
    throw new BadCheckOutput('run() returned a Promise; checks are synchronous functions over the snapshot');
  }
  if (!Array.isArray(raw))
    throw new BadCheckOutput(`run() must return an array of findings, got ${kindOf(raw)}`);
  const findings: Finding[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = findingSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `.${issue.path.join('.')}` : '';
      throw new BadCheckOutput(
        `finding [${index}]${where}: ${issue?.message ?? 'invalid'} (got ${kindOf(item)})`,
      );
    }
    findings.push(parsed.data as Finding);
  }
  return findings;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
