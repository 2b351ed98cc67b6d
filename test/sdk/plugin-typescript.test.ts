import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

// A customer's plugin project: one TypeScript file that imports only the package entry, resolved
// through node_modules the way a user's project resolves it.
const PLUGIN = `import { defineCheck } from 'hybridscan';

export default defineCheck({
  id: 'plugin.domain-count',
  area: 'plugin',
  severity: 'warn',
  title: 'Every mail domain was asked about',
  failureTitle: 'No mail domain was asked about',
  description: 'Example TypeScript plugin.',
  remediation: 'Set domains.',
  docs: [],
  requires: ['dns.mailDomains'],
  optional: ['dns.domains'],
  permissions: {},
  run({ artifacts }) {
    const domains: string[] = artifacts['dns.mailDomains'].map((d) => d.domain);
    const answers = Object.keys(artifacts['dns.domains'] ?? {}).length;
    return [{ target: 'mail domains', status: domains.length ? 'pass' : 'warn', message: \`\${domains.length} domains, \${answers} answered\` }];
  },
});
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noEmit: true,
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    allowImportingTsExtensions: true,
    types: ['node'],
    typeRoots: [resolve('node_modules/@types')],
    skipLibCheck: true,
  },
  files: ['plugin.ts'],
};

function pluginProject(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-sdk-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve('.'), join(dir, 'node_modules', 'hybridscan'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  writeFileSync(join(dir, 'plugin.ts'), source);
  return dir;
}

function tsc(dir: string): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', dir], {
      encoding: 'utf8',
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

describe('plugin SDK for TypeScript', () => {
  it('compiles a one-file plugin under --strict with typed artifacts, and runs it', {
    timeout: 60_000,
  }, async () => {
    const dir = pluginProject(PLUGIN);
    const compiled = tsc(dir);
    expect(compiled.out).toBe('');
    expect(compiled.code).toBe(0);

    writeFileSync(
      join(dir, 'hybridscan.json'),
      JSON.stringify({ tenant: 'contoso.onmicrosoft.com', plugins: [join(dir, 'plugin.ts')] }),
    );
    const io = memoryIo();
    const snapshot = resolve('fixtures/golden/contoso-ready.snapshot.json');
    const args = [
      'evaluate',
      snapshot,
      '--config',
      join(dir, 'hybridscan.json'),
      '--format',
      'json',
      '--only',
      'plugin',
    ];
    await main(['node', 'hybridscan', ...args, '--quiet'], io);
    const result = JSON.parse(io.out()) as ScanResult;
    expect(result.checks.map((c) => [c.id, c.status])).toEqual([['plugin.domain-count', 'pass']]);
    expect(result.checks[0]!.message).toBeTruthy();
  });

  it('refuses to compile a plugin that requires an artifact key that does not exist', {
    timeout: 60_000,
  }, () => {
    const dir = pluginProject(
      PLUGIN.replace("requires: ['dns.mailDomains']", "requires: ['dns.mailDomainz']"),
    );
    const compiled = tsc(dir);
    expect(compiled.code).not.toBe(0);
    expect(compiled.out).toMatch(/dns\.mailDomainz/);
  });
});
