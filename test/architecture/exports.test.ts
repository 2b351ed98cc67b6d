import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Dead code fails the test run: every export under src/, checks/, reports/, bench/ and scripts/
// must be imported by another file. The SDK entry and the evidence contract are public API
// (plugins import them), so they are exempt.
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => /^(src|checks|reports|test|bench|scripts)\//.test(f));

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"][^'"]+['"]/g;
/** `const { a, b: c } = await import('./x.ts')`: a module loaded only where it is used. */
const DYNAMIC = /(?:const|let)\s*\{([^}]*)\}\s*=\s*await\s+import\(\s*['"][^'"]+['"]\s*\)/g;
const EXPORT =
  /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum|abstract class)\s+([\w$]+)/gm;

/** Names each file imports or re-exports by name. */
function importedNames(source: string): string[] {
  const out: string[] = [];
  for (const m of [...source.matchAll(IMPORT), ...source.matchAll(DYNAMIC)])
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+|\s*:/)[0]!
        .trim();
      if (name) out.push(name);
    }
  return out;
}

function exportedNames(source: string): string[] {
  return [...source.matchAll(EXPORT)].map((m) => m[1]!);
}

function unusedExports(sources: ReadonlyMap<string, string>): string[] {
  const users = new Map<string, Set<string>>();
  for (const [file, text] of sources)
    for (const name of importedNames(text)) {
      if (!users.has(name)) users.set(name, new Set());
      users.get(name)!.add(file);
    }
  const out: string[] = [];
  for (const [file, text] of sources) {
    if (file.startsWith('test/') || file === 'src/index.ts' || file.startsWith('src/evidence/')) continue;
    for (const name of exportedNames(text))
      if (![...(users.get(name) ?? [])].some((u) => u !== file)) out.push(`${file}: ${name}`);
  }
  return out;
}

describe('no dead exports', () => {
  it('finds named imports and exports', () => {
    const src = `import { a, type B as C } from './x.ts';\nexport { d } from './y.ts';\nexport const e = 1;\nexport async function f() {}\nexport interface G {}\nconst { h, i: j } = await import('./z.ts');`;
    expect(importedNames(src)).toEqual(['a', 'B', 'd', 'h', 'i']);
    expect(exportedNames(src)).toEqual(['e', 'f', 'G']);
  });

  it('reports an export nobody imports', () => {
    const sources = new Map([
      ['src/util/a.ts', 'export function used() {}\nexport function unused() {}'],
      ['src/util/b.ts', "import { used } from './a.ts';"],
    ]);
    expect(unusedExports(sources)).toEqual(['src/util/a.ts: unused']);
  });

  it('holds for the repository', () => {
    const sources = new Map(files.map((f) => [f, readFileSync(f, 'utf8')] as const));
    const unused = unusedExports(sources);
    expect(
      unused,
      `exported but never imported (remove the export or the code):\n${unused.join('\n')}`,
    ).toEqual([]);
  });
});
