/**
 * A full garbage collection between collecting a large scan and what follows (saving the
 * snapshot, evaluating it). Collection leaves its dead weight in V8's old space: parsed Graph
 * pages, LDAP pages, the identity pool's hash tables, superseded array stores — about 100 MB at
 * 100,000 users on each side. V8 grows the heap rather than collect it while evaluation builds
 * its indexes, so the scan's peak RSS was the two added up (`npm run bench`, full scan of
 * 100k + 100k: 431 MB peak; 330 MB with this collection, which took 56 ms).
 *
 * Node offers gc() only under --expose-gc. Set at run time, that flag makes V8 install gc() in
 * contexts created afterwards, so a fresh vm context hands it over (the technique Jest's leak
 * detector uses); the flag is turned off again at once.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Below this much heap in use a collection would free too little to matter. */
const DEFAULT_MIN_HEAP_BYTES = 128 * 1024 * 1024;

/** Runs a full collection when the heap holds at least `minHeapBytes`; true when it ran. */
export function releaseGarbage(minHeapBytes = DEFAULT_MIN_HEAP_BYTES): boolean {
  if (getHeapStatistics().used_heap_size < minHeapBytes) return false;
  const exposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
  let gc: unknown;
  try {
    if (!exposed) setFlagsFromString('--expose-gc');
    gc = exposed ? (globalThis as { gc: unknown }).gc : runInNewContext('gc');
  } finally {
    if (!exposed) setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
