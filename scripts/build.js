// `npm run build` (and `prepare`, so `npm ci` runs it): compiles src/, checks/ and reports/ with
// tsconfig.build.json into dist/, then links what the compiled code finds relative to itself
// (package.json for the version, fixtures/ for the demo's scenarios), and bundles the dependencies
// of many small modules (zod, yaml) into one file each in dist/node_modules/, which the compiled
// code resolves before the package's own node_modules/: start-up is mostly module loading.
// bin/hybridscan.js runs dist/ only when dist/.build-stamp is not older than the sources (bin/entry.js).
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
await bundleDependencies();
const stamp = join(dist, '.build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
// The build read the sources as they were when it started: an edit during it leaves dist/ stale.
utimesSync(stamp, started, started);

/**
 * zod (about 95 modules) and yaml (about 70) as one ES module each in dist/node_modules/<name>/.
 * Without esbuild (an install without devDependencies has no TypeScript either) dist/ uses the
 * packages as installed.
 */
async function bundleDependencies() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return;
  }
  for (const name of ['zod', 'yaml']) {
    // Named re-exports: yaml is CommonJS, whose names `export *` cannot see.
    const names = Object.keys(await import(name)).filter(
      (n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n),
    );
    const dir = join(dist, 'node_modules', name);
    await esbuild.build({
      stdin: { contents: `export { ${names.join(', ')} } from '${name}';`, resolveDir: root },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: join(dir, 'index.js'),
      logLevel: 'error',
      // A CommonJS package's require() of node: built-ins, inside an ES module.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name, type: 'module', exports: './index.js' })}\n`,
    );
  }
}
