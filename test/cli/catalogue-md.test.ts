import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_COMMAND, remediationText, renderCatalogueMarkdown } from '../../src/cli/catalogue-md.ts';
import { main } from '../../src/cli/main.ts';
import { loadBuiltinChecks, type RegisteredCheck } from '../../src/engine/registry.ts';
import { memoryIo } from '../helpers/io.ts';

describe('docs/checks.md', () => {
  it('is the catalogue generated from the check metadata', async () => {
    const generated = renderCatalogueMarkdown(await loadBuiltinChecks());
    const committed = readFileSync(resolve('docs/checks.md'), 'utf8');
    expect(committed === generated, `docs/checks.md is stale; regenerate it with: ${CATALOGUE_COMMAND}`).toBe(
      true,
    );
  });

  it('is what `hybridscan checks --format md` prints', async () => {
    const io = memoryIo();
    expect(await main(['node', 'hybridscan', 'checks', '--format', 'md'], io)).toBe(0);
    expect(io.out()).toBe(renderCatalogueMarkdown(await loadBuiltinChecks()));
  });
});

describe('renderCatalogueMarkdown', () => {
  const base = (over: Partial<RegisteredCheck>): RegisteredCheck =>
    ({
      id: 'dns.example',
      area: 'dns',
      severity: 'warn',
      title: 'Example',
      failureTitle: 'Example fails',
      description: 'Why it\nmatters.',
      remediation: 'Fix it.',
      docs: ['https://example.org/doc'],
      requires: ['dns.records'],
      permissions: {},
      origin: 'builtin',
      run: () => [],
      ...over,
    }) as RegisteredCheck;

  it('groups by area, lists data sources, permissions and docs, and keeps each field on one line', () => {
    const md = renderCatalogueMarkdown([
      base({ id: 'tenant.b', area: 'tenant', permissions: { graph: ['Organization.Read.All'] } }),
      base({}),
    ]);
    expect(md.indexOf('## Tenant and cloud')).toBeLessThan(md.indexOf('## DNS and mail flow'));
    expect(md).toContain('- **Data source:** `dns.records`');
    expect(md).toContain('- **Permissions:** graph: Organization.Read.All');
    expect(md).toContain('- **Permissions:** none');
    expect(md).toContain('Why it matters.');
    expect(md).toContain('<https://example.org/doc>');
  });

  it('renders structured remediation with its PowerShell', () => {
    const md = renderCatalogueMarkdown([
      base({ remediation: { text: 'Run it.', powershell: ['Set-Thing -On'] } }),
    ]);
    expect(md).toContain('- **Remediation:** Run it.');
    expect(md).toContain('PowerShell: `Set-Thing -On`');
  });
});

describe('remediationText', () => {
  it('accepts a string or a structured remediation', () => {
    expect(remediationText('Do X.')).toBe('Do X.');
    expect(remediationText({ text: 'Do Y.', powershell: ['Y'] })).toBe('Do Y.');
  });
});
