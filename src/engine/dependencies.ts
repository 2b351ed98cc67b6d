import { UsageError } from '../util/errors.ts';
import type { CheckResult } from './types.ts';

interface Node {
  id: string;
  dependsOn?: readonly string[];
}

/**
 * The checks in an order where every dependency runs before its dependents, otherwise keeping the
 * given order (so results stay stable). A dependency that is not in the list (not selected) is
 * ignored: the dependent then runs normally. A cycle is a load error naming its ids.
 */
export function orderByDependencies<T extends Node>(checks: readonly T[]): T[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: T[] = [];
  const visit = (check: T, path: string[]) => {
    const seen = state.get(check.id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(check.id)), check.id];
      throw new UsageError(`check dependencies form a cycle: ${cycle.join(' -> ')}`);
    }
    state.set(check.id, 'visiting');
    for (const dep of check.dependsOn ?? []) {
      const target = byId.get(dep);
      if (target) visit(target, [...path, check.id]);
    }
    state.set(check.id, 'done');
    out.push(check);
  };
  for (const check of checks) visit(check, []);
  return out;
}

/** Why a dependent check does not run: its first dependency that failed, errored or was skipped. */
export function blockedBy(
  dependsOn: readonly string[] | undefined,
  results: ReadonlyMap<string, CheckResult>,
): string | undefined {
  for (const dep of dependsOn ?? []) {
    const r = results.get(dep);
    if (!r) continue;
    if (r.status === 'fail') return `depends on ${dep}, which failed: ${r.message}`;
    if (r.status === 'error') return `depends on ${dep}, which could not run: ${r.reason ?? r.message}`;
    if (r.status === 'skipped') return `depends on ${dep}, which was skipped: ${r.reason ?? r.message}`;
  }
  return undefined;
}
