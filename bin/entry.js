// Which build bin/hybridscan.js runs: the bundle in dist/ when it was built from the sources as
// they are now, else the TypeScript sources through tsx (slower to start).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Written by scripts/build.js when a build succeeds; its mtime is the moment the build started. */
export const BUILD_STAMP = 'dist/.build-stamp';
/** The bundle's entry module, which exports `main` (scripts/build.js). */
export const BUNDLE_MAIN = 'dist/bundle/main.js';
/** What the build bundles into dist/, and how: a change to any of it makes dist/ stale. */
const SOURCE_DIRS = ['src', 'checks', 'reports', 'data'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'scripts/build.js'];

/** The newest modification time (ms) of the files the build reads, 0 when there are none. */
export function newestSourceMtime(root) {
  let newest = 0;
  const seen = (path) => {
    const m = statSync(path).mtimeMs;
    if (m > newest) newest = m;
  };
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) seen(full);
    }
    seen(dir); // a deleted file changes only its folder
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(root, d))) walk(join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) seen(join(root, f));
  return newest;
}

/**
 * `{ entry: 'dist' }` when dist/ is there and not older than any source, else
 * `{ entry: 'tsx', reason }` saying why the sources run instead (HYBRIDSCAN_FROM_SOURCE=1 forces them).
 */
export function chooseEntry(root, env = process.env) {
  if (env.HYBRIDSCAN_FROM_SOURCE === '1') return { entry: 'tsx', reason: 'HYBRIDSCAN_FROM_SOURCE=1' };
  const stamp = join(root, BUILD_STAMP);
  if (!existsSync(stamp) || !existsSync(join(root, BUNDLE_MAIN)))
    return { entry: 'tsx', reason: 'no compiled build in dist/' };
  if (newestSourceMtime(root) > statSync(stamp).mtimeMs)
    return { entry: 'tsx', reason: 'dist/ is older than the sources' };
  return { entry: 'dist' };
}

/** A git checkout is a developer's tree: only there does falling back to tsx deserve a note. */
export function isDevTree(root) {
  return existsSync(join(root, '.git'));
}
