// What the bundle carries instead of discovering modules on disk (src/util/discover.ts): in the
// sources nothing. scripts/build.js replaces this module, in the bundle only, with one that lists
// every module it found and imports each kind on first use.
import type { DiscoveryName } from './discover.ts';

/** Per kind: the modules' files (relative to the package root) with their exports, in file order. */
export const BUNDLED: Record<DiscoveryName, () => Promise<[string, { default?: unknown }][]>> | undefined =
  undefined;
