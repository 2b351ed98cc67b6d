import { closest } from '../util/closest.ts';
import { UsageError } from '../util/errors.ts';
import type { RegisteredCheck } from './registry.ts';
import { AREAS, type Area } from './types.ts';

/**
 * Names people reach for that span areas: `onprem` is what an Exchange admin calls the AD and
 * Exchange Server checks, and the folder names of earlier versions keep working.
 */
export const AREA_GROUPS: Record<string, readonly Area[]> = {
  onprem: ['ad', 'exch'],
  cloud: ['tenant', 'app', 'hybrid'],
  autodiscover: ['http'],
  domains: ['domain'],
  mailboxes: ['mbx'],
};

function matches(id: string, pattern: string): boolean {
  const area = id.split('.')[0]!;
  if (pattern === id || pattern === area) return true;
  if (pattern.endsWith('.*') && id.startsWith(pattern.slice(0, -1))) return true;
  return AREA_GROUPS[pattern]?.includes(area as Area) ?? false;
}

/**
 * The checks `--only`/`--skip` select. A pattern that matches no check is a usage error: a typo
 * must not run zero checks and report READY.
 */
export function selectChecks(
  checks: readonly RegisteredCheck[],
  only?: readonly string[],
  skip?: readonly string[],
): RegisteredCheck[] {
  for (const [flag, patterns] of [
    ['--only', only],
    ['--skip', skip],
  ] as const) {
    for (const p of patterns ?? []) {
      if (checks.some((c) => matches(c.id, p))) continue;
      const names = [...Object.keys(AREAS), ...Object.keys(AREA_GROUPS), ...checks.map((c) => c.id)];
      const hint = closest(p.replace(/\.\*$/, ''), names);
      throw new UsageError(
        `${flag} ${p}: matches no check${hint ? ` (did you mean "${hint}"?)` : ''}; areas: ${Object.keys(AREAS).join(', ')}; groups: ${Object.keys(AREA_GROUPS).join(', ')}`,
      );
    }
  }
  return checks.filter(
    (c) => (!only?.length || only.some((p) => matches(c.id, p))) && !skip?.some((p) => matches(c.id, p)),
  );
}
