// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/, checks/ and reports/ with
// tsconfig.build.json into dist/, then links what the compiled code finds relative to itself
// (package.json for the version, fixtures/ for the demo's scenarios). bin/hybridscan.js runs dist/
// only when dist/.build-stamp is not older than the sources (bin/entry.js).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies: bin/hybridscan.js runs the sources through tsx instead.
  console.error('hybridscan build: typescript is not installed, dist/ not built');
  process.exit(0);
}
const started = new Date();
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
mkdirSync(dist, { recursive: true });
for (const name of ['package.json', 'fixtures'])
  if (existsSync(join(root, name))) symlinkSync(join('..', name), join(dist, name));
const stamp = join(dist, '.build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
// The build read the sources as they were when it started: an edit during it leaves dist/ stale.
utimesSync(stamp, started, started);
