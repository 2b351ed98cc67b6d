import { importDefaults } from '../util/discover.ts';
import type { Collector } from './types.ts';

let cached: Promise<Collector[]> | undefined;

/** Every source folder's `collector.ts` default export, so adding a source edits no shared file. */
export function loadCollectors(): Promise<Collector[]> {
  cached ??= (async () => {
    const found = await importDefaults<Collector>('collectors');
    return found.map((f) => f.value).sort((a, b) => a.id.localeCompare(b.id));
  })();
  return cached;
}
