import { fileURLToPath } from 'node:url';
import { findFiles, importDefaults, modulePattern } from '../util/discover.ts';
import type { Collector } from './types.ts';

const SOURCES_DIR = fileURLToPath(new URL('.', import.meta.url));

let cached: Promise<Collector[]> | undefined;

/** Every source folder's `collector.ts` (`collector.js` in dist/) default export, so adding a source edits no shared file. */
export function loadCollectors(): Promise<Collector[]> {
  cached ??= (async () => {
    const files = findFiles(SOURCES_DIR, modulePattern('collector'));
    const found = await importDefaults<Collector>(files);
    return found.map((f) => f.value).sort((a, b) => a.id.localeCompare(b.id));
  })();
  return cached;
}
