import type { Target, TargetInput, TargetKind } from './types.ts';

/** The stable key of a string: case and surrounding space never make two targets different. */
function normaliseId(value: string): string {
  return value.trim().toLowerCase();
}

/** A check's target as the ScanResult carries it; a string takes the check's declared kind. */
export function toTarget(input: TargetInput, defaultKind: TargetKind = 'object'): Target {
  if (typeof input === 'string') return { kind: defaultKind, id: normaliseId(input), label: input };
  return { kind: input.kind ?? defaultKind, id: normaliseId(input.id), label: input.label ?? input.id };
}

/**
 * A target as found in any ScanResult, including ones written before targets were structured
 * (a plain string): diff and baselines must keep reading old results.
 */
export function readTarget(value: Target | string): Target {
  return typeof value === 'string' ? { kind: 'object', id: normaliseId(value), label: value } : value;
}
