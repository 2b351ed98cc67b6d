// `npm run build` (and `prepare`, so `npm ci` runs it): bundles the CLI with esbuild into
// dist/bundle/, one ES module for what every command loads (main.js) and a chunk for each part
// loaded on demand (`await import`): a command's handlers, the checks, the sources, the renderers,
// the simulator, MSAL, the Graph SDK, ldapts. Start-up is mostly module loading, and ~300 small
// modules cost far more to load than a few bundled ones. `tsc` only typechecks (npm test).
// bin/hybridscan.js runs dist/ only when dist/.build-stamp is not older than the sources (bin/entry.js).
//
// `node scripts/build.js [--out DIR]` builds into DIR instead of dist/ (a test's own bundle).
// `--entry NAME=FILE` (repeatable) bundles these entry modules instead of src/cli/main.ts, each to
// DIR/bundle/NAME.js, with the same options and plugins (npm run bench runs its measured children
// so, as the product ships: bench/children.ts).
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: { out: { type: 'string' }, entry: { type: 'string', multiple: true } },
});
const dist = resolve(args.out ?? join(root, 'dist'));
const entryPoints = args.entry?.length
  ? Object.fromEntries(args.entry.map(entryPoint))
  : { main: join(root, 'src/cli/main.ts') };
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // No esbuild (a devDependency, which tsx also brings along): bin/hybridscan.js runs the sources
  // through tsx instead.
  console.error('hybridscan build: esbuild is not installed, dist/ not built');
  process.exit(0);
}
const started = new Date();
rmSync(dist, { recursive: true, force: true });
const outdir = join(dist, 'bundle');
const { metafile } = await esbuild.build({
  entryPoints,
  outdir,
  absWorkingDir: root,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A package's ES build first: `await import()` of a bundled CommonJS one would yield only its
  // `default`, where Node gives named exports too (the Graph SDK has no exports map, only these).
  mainFields: ['module', 'main'],
  // Bundling renames what collides within a chunk (ldapts' `class ResultCodeError` would become
  // ResultCodeError2); every function and class keeps its `name`, which dependencies print
  // (ldapts names its message classes in errors: `Message type: SearchRequest`).
  keepNames: true,
  metafile: true,
  logLevel: 'warning',
  // Loaded from disk: tsx only for TypeScript plugins, never inside the bundle.
  external: ['tsx', 'tsx/*'],
  // A bundled CommonJS package's require() of node: built-ins, inside an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [discoveredModules(await discoveredLists()), ownModules()],
});
writeFileSync(join(outdir, 'metafile.json'), `${JSON.stringify(metafile)}\n`);
const stamp = join(dist, '.build-stamp');
writeFileSync(stamp, `${started.toISOString()}\n`);
// The build read the sources as they were when it started: an edit during it leaves dist/ stale.
utimesSync(stamp, started, started);

/** `NAME=FILE` (FILE relative to the package root) as an esbuild entry point. */
function entryPoint(option) {
  const at = option.indexOf('=');
  if (at < 1 || at === option.length - 1) {
    console.error(`hybridscan build: --entry wants NAME=FILE, got ${option}`);
    process.exit(2);
  }
  return [option.slice(0, at), resolve(root, option.slice(at + 1))];
}

/**
 * Every module of each kind src/util/discover.ts finds on disk, by the same function the sources
 * run (through tsx, a dependency: the discovery table is TypeScript).
 */
async function discoveredLists() {
  const { tsImport } = await import('tsx/esm/api');
  const { DISCOVERIES, discoveredFiles } = await tsImport('../src/util/discover.ts', import.meta.url);
  return Object.fromEntries(Object.keys(DISCOVERIES).map((name) => [name, discoveredFiles(name)]));
}

/**
 * src/util/bundled.ts, in the bundle: per kind, a function importing one chunk that holds every
 * module of that kind (`hybridscan-discovered:<kind>`), so the checks load only when a command
 * runs them and the simulated services only for the demo.
 */
function discoveredModules(lists) {
  const bundled = join(root, 'src/util/bundled.ts');
  return {
    name: 'discovered-modules',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]util[\\/]bundled\.ts$/ }, (args) => {
        if (args.path !== bundled) return undefined;
        const kinds = Object.keys(lists).map(
          (name) => `  ${name}: () => import('hybridscan-discovered:${name}').then((m) => m.default),`,
        );
        return { contents: `export const BUNDLED = {\n${kinds.join('\n')}\n};\n`, loader: 'js' };
      });
      build.onResolve({ filter: /^hybridscan-discovered:/ }, (args) => ({
        path: args.path.slice('hybridscan-discovered:'.length),
        namespace: 'hybridscan-discovered',
      }));
      build.onLoad({ filter: /.*/, namespace: 'hybridscan-discovered' }, (args) => {
        const files = lists[args.path];
        const imports = files.map((f, i) => `import * as m${i} from ${JSON.stringify(`./${f}`)};`);
        const entries = files.map((f, i) => `  [${JSON.stringify(f)}, m${i}],`);
        return {
          contents: `${imports.join('\n')}\nexport default [\n${entries.join('\n')}\n];\n`,
          resolveDir: root,
          loader: 'js',
        };
      });
    },
  };
}

/**
 * Two rewrites of our own modules, in the bundle only:
 * - They find files next to themselves (package.json, fixtures/) through `import.meta.url`; each
 *   keeps its source file's URL, computed from its chunk's (every chunk is in outdir, beside
 *   main.js), so those paths mean in the bundle what they mean in the sources.
 * - `import { z } from 'zod'` becomes `import * as z from 'zod'`, the same functions: esbuild
 *   shakes member accesses of a namespace import, but bundles all of zod (every locale, JSON
 *   Schema, the compiler: 760 KB against 200 KB) for the `z` namespace zod re-exports by name.
 */
function ownModules() {
  const own = new RegExp(`^${escapeRegExp(root)}(?:src|checks|reports)[\\\\/].*\\.ts$`);
  return {
    name: 'own-modules',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!own.test(args.path)) return undefined;
        const url = relative(outdir, args.path).split(sep).join('/');
        const source = readFileSync(args.path, 'utf8')
          .replaceAll('import.meta.url', `new URL(${JSON.stringify(url)}, import.meta.url).href`)
          .replace(/^import \{ z \} from 'zod';$/m, "import * as z from 'zod';");
        return { contents: source, loader: 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
