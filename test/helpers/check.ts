import type { RegisteredCheck } from '../../src/engine/registry.ts';
import { type CheckSetting, runChecks } from '../../src/engine/runner.ts';
import type { Check, CheckResult, CheckSettings, SeveritySetting } from '../../src/engine/types.ts';
import type { ArtifactMap } from '../../src/evidence/index.ts';
import type { ArtifactRecord, SourceRecord } from '../../src/snapshot/types.ts';

export interface CheckInput {
  /** Artifacts that were collected. */
  artifacts?: Partial<ArtifactMap>;
  /** Artifacts whose collection failed, with the cause. */
  errors?: Partial<Record<keyof ArtifactMap, { message: string; code?: string; permission?: string }>>;
  /** Sources to mark not configured (default: every source whose artifacts are absent is configured). */
  notConfigured?: string[];
  settings?: Partial<CheckSettings>;
  setting?: SeveritySetting | CheckSetting;
  /** The snapshot time the check judges ages by. */
  now?: string;
}

/**
 * Runs one check through the real runner over an in-memory snapshot, so unit tests exercise the
 * same artifact gating, option parsing and severity mapping as a scan.
 */
export function runCheck(check: Check, input: CheckInput = {}): CheckResult {
  const artifacts: Record<string, ArtifactRecord> = {};
  for (const [key, data] of Object.entries(input.artifacts ?? {})) artifacts[key] = { status: 'ok', data };
  for (const [key, error] of Object.entries(input.errors ?? {}))
    if (error) artifacts[key] = { status: 'error', error };
  const sources: Record<string, SourceRecord> = {};
  for (const key of [...check.requires, ...(check.optional ?? [])]) {
    const id = key.split('.')[0]!;
    const notConfigured = input.notConfigured?.includes(id);
    sources[id] = {
      status: notConfigured ? 'not-configured' : 'ok',
      ...(notConfigured ? { reason: `set \`${id}\` in the config` } : {}),
      requests: 0,
      requestsByEndpoint: {},
      durationMs: 0,
    };
  }
  const [result] = runChecks([{ ...check, origin: 'test' } as RegisteredCheck], {
    snapshot: { artifacts, sources, finishedAt: input.now ?? '2026-11-25T12:00:00.000Z' },
    settings: { domains: [], ...input.settings },
    checkSettings: input.setting ? { [check.id]: input.setting } : {},
  });
  return result!;
}
