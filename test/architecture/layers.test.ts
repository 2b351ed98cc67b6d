import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { importsOf, readRelative, violationsOf } from './imports.ts';

// DESIGN.md "Layers and what may import what": data flows config → sources → evidence → model →
// checks → ScanResult → reports, and nothing imports against that flow.
const ROOT = process.cwd();
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', 'src', 'checks', 'reports'],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter((f) => f.endsWith('.ts'));

/**
 * Known exceptions, each with its reason. The test also fails when an entry no longer matches,
 * so the list cannot go stale.
 */
const ALLOWED: Record<string, string> = {
  // isIP and BlockList are address arithmetic; this one module re-exports them and opens nothing.
  'src/model/ip-address.ts → node:net': 'pure address helpers',
};

describe('import boundaries', () => {
  const violations = files.flatMap((f) => {
    try {
      return violationsOf(f, readRelative(ROOT, f));
    } catch {
      return []; // a file deleted in the work tree but still in the index
    }
  });

  it('finds the imports of a file, static and dynamic', () => {
    const src = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport { c } from './c.ts';\nconst d = await import('./d.ts');\nimport './e.ts';`;
    expect(importsOf(src)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts']);
  });

  it('detects a check importing a source, or node I/O, and reports importing checks', () => {
    expect(violationsOf('checks/dns/x.ts', "import { r } from '../../src/sources/dns/resolver.ts';")).toEqual(
      ['checks/dns/x.ts → ../../src/sources/dns/resolver.ts (sources)'],
    );
    expect(violationsOf('checks/dns/x.ts', "import { get } from 'node:https';")).toHaveLength(1);
    expect(violationsOf('src/model/x.ts', "import { readFileSync } from 'fs';")).toHaveLength(1);
    expect(violationsOf('reports/x.ts', "const m = await import('../checks/dns/dmarc.ts');")).toHaveLength(1);
    expect(violationsOf('src/sources/dns/x.ts', "import { r } from '../../engine/runner.ts';")).toHaveLength(
      1,
    );
    expect(violationsOf('src/cli/x.ts', "import { r } from '../sources/dns/resolver.ts';")).toEqual([]);
  });

  it('holds for every file under src/, checks/ and reports/', () => {
    const unexpected = violations.filter((v) => !Object.keys(ALLOWED).some((a) => v.startsWith(a)));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  });

  it('has no stale allow-list entry', () => {
    const stale = Object.keys(ALLOWED).filter((a) => !violations.some((v) => v.startsWith(a)));
    expect(stale).toEqual([]);
  });
});
