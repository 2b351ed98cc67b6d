import type { z } from 'zod';
import { sourceOf } from '../evidence/index.ts';
import { buildModel, type Model, modelInputOf } from '../model/index.ts';
import type { ArtifactRecord, Snapshot } from '../snapshot/types.ts';
import { describeError } from '../util/errors.ts';
import { CheckSkipped } from './define-check.ts';
import { blockedBy, orderByDependencies } from './dependencies.ts';
import { ExceptionBook } from './exceptions.ts';
import { BadCheckOutput, validateFindings } from './finding-shape.ts';
import type { RegisteredCheck } from './registry.ts';
import { toRemediation } from './remediation.ts';
import { toTarget } from './target.ts';
import type {
  Check,
  CheckResult,
  CheckSettings,
  Finding,
  FindingStatus,
  ResultFinding,
  Severity,
  SeveritySetting,
} from './types.ts';
import { worstOf } from './verdict.ts';

export interface CheckSetting {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

interface RunOptions {
  snapshot: Pick<Snapshot, 'artifacts' | 'sources' | 'finishedAt'>;
  settings: CheckSettings;
  checkSettings?: Record<string, SeveritySetting | CheckSetting>;
  exceptions?: ExceptionBook;
  /** Wall clock for exception expiry; the snapshot time is what checks judge ages by. */
  today?: Date;
  /** Views shared by every check; built from the snapshot when not given. */
  model?: Model;
  /**
   * Wall-clock time (ms since epoch) after which no further check starts: `--timeout` bounds
   * evaluation too. Checks left over end as `error`, so the scan reads as incomplete, not ready.
   */
  deadline?: number;
}

/** Why a check did not run: the scan's deadline passed before its turn. */
export const DEADLINE_REASON = 'not evaluated: the --timeout deadline was reached before this check ran';

export function normalizeSetting(value: SeveritySetting | CheckSetting | undefined): CheckSetting {
  if (value === undefined) return {};
  return typeof value === 'string' ? { severity: value } : value;
}

/** Parses a check's options from the config with the check's own schema (defaults applied). */
export function parseOptions(check: Check, raw: Record<string, unknown> | undefined): unknown {
  if (!check.options) {
    if (raw && Object.keys(raw).length > 0) throw new Error(`check ${check.id} takes no options`);
    return {};
  }
  const parsed = (check.options as z.ZodType).safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`checks.${check.id}.options.${first?.path.join('.') ?? ''}: ${first?.message}`);
  }
  return parsed.data;
}

/**
 * Runs every check in isolation: a check sees only the artifacts it declared; a missing artifact
 * gives `skipped` (source not configured) or `error` (source failed, with the cause); a check
 * that throws gives `error`. One bad check never stops the others.
 */
export function runChecks(checks: readonly RegisteredCheck[], opts: RunOptions): CheckResult[] {
  const now = new Date(opts.snapshot.finishedAt);
  const book = opts.exceptions ?? new ExceptionBook([], opts.today ?? new Date());
  // One model per run: its views are lazy, so each join happens at most once for all checks.
  const model =
    opts.model ?? buildModel(modelInputOf(opts.snapshot.artifacts), { configDomains: opts.settings.domains });
  const results = new Map<string, CheckResult>();
  for (const check of orderByDependencies(checks)) {
    const late = opts.deadline !== undefined && Date.now() > opts.deadline;
    results.set(check.id, late ? notEvaluated(check) : runOne(check, opts, now, book, results, model));
  }
  return checks.map((check) => results.get(check.id) as CheckResult);
}

function notEvaluated(check: RegisteredCheck): CheckResult {
  return {
    id: check.id,
    area: check.area,
    severity: check.severity,
    title: check.title,
    description: check.description,
    remediation: toRemediation(check.remediation),
    docs: check.docs,
    status: 'error',
    message: 'Not evaluated: the --timeout deadline was reached',
    reason: DEADLINE_REASON,
    findings: [],
    durationMs: 0,
  };
}

function runOne(
  check: RegisteredCheck,
  opts: RunOptions,
  now: Date,
  book: ExceptionBook,
  earlier: ReadonlyMap<string, CheckResult>,
  model: Model,
): CheckResult {
  const setting = normalizeSetting(opts.checkSettings?.[check.id]);
  const base = {
    id: check.id,
    area: check.area,
    severity: setting.severity && setting.severity !== 'off' ? setting.severity : check.severity,
    title: check.title,
    description: check.description,
    remediation: toRemediation(check.remediation),
    docs: check.docs,
  };
  const started = performance.now();
  const done = (
    partial: Pick<CheckResult, 'status' | 'message' | 'findings'> &
      Pick<Partial<CheckResult>, 'reason' | 'setting' | 'stack'>,
  ): CheckResult => ({
    ...base,
    ...partial,
    durationMs: Math.round((performance.now() - started) * 1000) / 1000,
  });

  if (setting.severity === 'off') {
    return done({
      status: 'skipped',
      message: 'Disabled in the config',
      reason: `checks.${check.id}: off`,
      findings: [],
    });
  }

  // One root cause is reported once: a dependent of a failed check says so instead of repeating it.
  const blocked = blockedBy(check.dependsOn, earlier);
  if (blocked)
    return done({ status: 'skipped', message: `Not run: ${blocked}`, reason: blocked, findings: [] });

  const artifacts: Record<string, unknown> = {};
  for (const key of check.requires) {
    const missing = missingArtifact(key, opts.snapshot.artifacts[key], opts.snapshot);
    if (missing) return done({ ...missing, findings: [] });
    artifacts[key] = (opts.snapshot.artifacts[key] as { data: unknown }).data;
  }
  for (const key of check.optional ?? []) {
    const rec = opts.snapshot.artifacts[key];
    if (rec?.status === 'ok') artifacts[key] = rec.data;
    else if (rec?.status === 'error' && check.errorWhenFailed?.includes(key)) {
      const failed = missingArtifact(key, rec, opts.snapshot);
      if (failed) return done({ ...failed, findings: [] });
    }
  }

  let raw: Finding[];
  try {
    const options = parseOptions(check, setting.options);
    raw = validateFindings(
      check.run({ artifacts: artifacts as never, options, now, settings: opts.settings, model }),
    );
  } catch (err) {
    if (err instanceof CheckSkipped || isForeignSkip(err)) {
      const reason = err.setting ? `${err.reason} Set ${err.setting}.` : err.reason;
      return done({
        status: 'skipped',
        message: `Not run: ${err.reason}`,
        reason,
        ...(err.setting ? { setting: err.setting } : {}),
        findings: [],
      });
    }
    const cause = describeError(err);
    return done({
      status: 'error',
      message: `The check itself failed: ${cause}`,
      reason: cause,
      // A malformed return value is the plugin's data, not a crash: its stack would only point here.
      ...(err instanceof Error && err.stack && !(err instanceof BadCheckOutput) ? { stack: err.stack } : {}),
      findings: [],
    });
  }

  const findings: ResultFinding[] = raw.map((f) =>
    book.apply(check.id, {
      ...f,
      target: toTarget(f.target, check.targetKind),
      status: applySeverity(capAtDeclared(f.status, check.severity), setting.severity),
    }),
  );
  const status = findings.length === 0 ? 'pass' : worstOf(findings.map((f) => f.status));
  return done({ status, message: summaryMessage(check, status, findings), findings });
}

/** A check declared `info` cannot emit `warn`, one declared `warn` cannot emit `fail`. */
function capAtDeclared(status: FindingStatus, declared: Severity): FindingStatus {
  if (status === 'fail' && declared !== 'fail') return declared;
  if (status === 'warn' && declared === 'info') return 'info';
  return status;
}

/** ESLint-style override: a configured severity replaces what a violation means. */
function applySeverity(status: FindingStatus, setting: SeveritySetting | undefined): FindingStatus {
  if (!setting || setting === 'off') return status;
  if (status === 'fail' || status === 'warn') return setting === 'info' ? 'info' : setting;
  return status;
}

function missingArtifact(
  key: string,
  record: ArtifactRecord | undefined,
  snapshot: RunOptions['snapshot'],
): Pick<CheckResult, 'status' | 'message' | 'reason'> | undefined {
  if (record?.status === 'ok') return undefined;
  if (record?.status === 'error') {
    const e = record.error;
    const cause = `${key}: ${e.message}${e.code && !e.message.includes(e.code) ? ` [${e.code}]` : ''}${e.permission ? ` (needs ${e.permission})` : ''}`;
    return { status: 'error', message: `Could not collect ${key}`, reason: cause };
  }
  const source = snapshot.sources[sourceOf(key)];
  if (source?.status === 'not-needed') {
    return { status: 'skipped', message: `Source ${sourceOf(key)} not needed`, reason: source.reason ?? '' };
  }
  if (!source || source.status === 'not-configured') {
    const why = source?.reason ?? `source ${sourceOf(key)} is not available`;
    return { status: 'skipped', message: `Source ${sourceOf(key)} not configured`, reason: why };
  }
  if (source.status === 'error') {
    return {
      status: 'error',
      message: `Source ${sourceOf(key)} failed`,
      reason: source.reason ?? 'unknown cause',
    };
  }
  return {
    status: 'skipped',
    message: `${key} was not collected`,
    reason: `${key} was not collected by source ${sourceOf(key)}`,
  };
}

function summaryMessage(check: Check, status: FindingStatus, findings: readonly ResultFinding[]): string {
  if (findings.length === 0) return `${check.title}: nothing to check`;
  const bad = findings.filter((f) => f.status === status).length;
  if (status === 'pass' || status === 'info') return check.title;
  const of = findings.length > 1 ? ` (${bad} of ${findings.length} targets)` : '';
  return status === 'error' ? `Could not decide: ${check.title}${of}` : `${check.failureTitle}${of}`;
}

/**
 * A plugin's `skip()` from another copy of the SDK module (the compiled CLI loading a plugin that
 * imports the TypeScript entry) is a CheckSkipped by name and shape, not by class identity.
 */
function isForeignSkip(err: unknown): err is CheckSkipped {
  return (
    err instanceof Error && err.name === 'CheckSkipped' && typeof (err as CheckSkipped).reason === 'string'
  );
}
