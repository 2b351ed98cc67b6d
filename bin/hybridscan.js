#!/usr/bin/env node
// Runs the bundle in dist/ (`npm run build`; `npm ci` builds it through `prepare`) when it is up
// to date with the sources, else the TypeScript sources through tsx, which starts slower.
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { chooseEntry, isDevTree } from './entry.js';

// Node 22.1 and later keep compiled code of the modules between runs; Node 20 has no such cache.
module.enableCompileCache?.();

const root = fileURLToPath(new URL('..', import.meta.url));
const choice = chooseEntry(root);
let main;
if (choice.entry === 'dist') {
  ({ main } = await import('../dist/bundle/main.js'));
} else {
  // A developer's tree only, on a terminal: never in reports, pipes or CI logs.
  if (isDevTree(root) && process.stderr.isTTY && !process.env.CI)
    process.stderr.write(`hybridscan: ${choice.reason}; running the sources through tsx (npm run build)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
