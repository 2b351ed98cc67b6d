import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { releaseGarbage } from '../../src/util/release-garbage.ts';

const used = () => getHeapStatistics().used_heap_size;

describe('releaseGarbage', () => {
  it('frees what is no longer reachable', () => {
    let garbage: { id: number; name: string }[] | undefined = Array.from({ length: 400_000 }, (_, i) => ({
      id: i,
      name: `user${i}@contoso.com`,
    }));
    const holding = used();
    expect(garbage.length).toBe(400_000);
    garbage = undefined;
    expect(releaseGarbage(0)).toBe(true);
    // ~40 MB of objects and strings were held
    expect(holding - used()).toBeGreaterThan(20 * 1024 * 1024);
  });

  it('does nothing while the heap is smaller than the threshold', () => {
    expect(releaseGarbage(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('leaves gc() unexposed to the program, as it was', () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    releaseGarbage(0);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
  });
});
