import type { Collector } from './types.ts';

/**
 * The collection order, computed from what each collector `uses`: a list of waves where every
 * collector comes after all the sources it reads (identity sources first, DNS after Graph/LDAP,
 * HTTP after DNS…). Sources a collector uses but that are not in the list are ignored (not
 * installed, or filtered out). A cycle is an error naming the sources on it.
 */
export function collectionWaves(collectors: readonly Collector[]): Collector[][] {
  const byId = new Map(collectors.map((c) => [c.id, c]));
  const depsOf = (c: Collector) => (c.uses ?? []).filter((id) => id !== c.id && byId.has(id));
  const waveOf = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (c: Collector): number => {
    const known = waveOf.get(c.id);
    if (known !== undefined) return known;
    const at = visiting.indexOf(c.id);
    if (at >= 0) {
      const cycle = [...visiting.slice(at), c.id];
      throw new Error(`collectors use each other in a cycle: ${cycle.join(' → ')}`);
    }
    visiting.push(c.id);
    const wave = Math.max(-1, ...depsOf(c).map((id) => visit(byId.get(id)!))) + 1;
    visiting.pop();
    waveOf.set(c.id, wave);
    return wave;
  };
  const waves: Collector[][] = [];
  for (const c of [...collectors].sort((a, b) => a.id.localeCompare(b.id))) {
    const wave = visit(c);
    waves[wave] = [...(waves[wave] ?? []), c];
  }
  return waves.filter(Boolean);
}
