/**
 * Which sizes `npm run bench` measures, from its environment:
 *   - default: N = 10k, 50k and 100k users on each side in every section;
 *   - BENCH_SKIP_LARGE=1: no size above 50k in the collection and full-scan sections (the
 *     evaluation of a saved snapshot still runs at every size);
 *   - BENCH_SIZES=2000,5000: these sizes in every section instead (for development).
 * A run with other sizes than the default is reduced: its results go to bench/results.reduced.md,
 * not bench/results.md.
 */
export const DEFAULT_SIZES = [10_000, 50_000, 100_000];
/** Above this, a size is large (BENCH_SKIP_LARGE=1 leaves it out of collection and full scan). */
const LARGE_ABOVE = 50_000;

interface BenchPlan {
  /** Evaluation of a saved snapshot. */
  evaluationSizes: number[];
  collectionSizes: number[];
  fullScanSizes: number[];
  /** What differs from the default run (empty: the default run). */
  reduced: string[];
}

export function benchPlan(env: Record<string, string | undefined>): BenchPlan {
  const reduced: string[] = [];
  let sizes = DEFAULT_SIZES;
  const given = env.BENCH_SIZES?.trim();
  if (given) {
    sizes = given.split(',').map((s) => {
      const n = Number(s.trim().replace(/_/g, ''));
      if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
        throw new Error(`BENCH_SIZES must be whole numbers from 1 to 1000000, comma-separated; got ${given}`);
      return n;
    });
    sizes = [...new Set(sizes)].sort((a, b) => a - b);
    if (sizes.join() !== DEFAULT_SIZES.join()) reduced.push(`BENCH_SIZES=${sizes.join(',')}`);
  }
  let large = sizes;
  if (env.BENCH_SKIP_LARGE === '1') {
    large = sizes.filter((n) => n <= LARGE_ABOVE);
    if (large.length < sizes.length) reduced.push('BENCH_SKIP_LARGE=1');
    if (!large.length) large = [sizes[0]!];
  }
  return { evaluationSizes: sizes, collectionSizes: large, fullScanSizes: large, reduced };
}
