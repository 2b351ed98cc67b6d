/**
 * Freezes a value and everything reachable from it, so a later write throws in strict-mode code.
 * Used on collected artifacts in tests and development runs: an artifact is put once and read by
 * many, and a collector that mutates what it already handed over would corrupt the snapshot.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  return value;
}
