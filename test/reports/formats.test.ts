import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../reports/html.ts';
import { renderJunit } from '../../reports/junit.ts';
import { renderMarkdown } from '../../reports/markdown.ts';
import { renderSarif } from '../../reports/sarif.ts';
import { main } from '../../src/cli/main.ts';
import { toTarget } from '../../src/engine/target.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

const hostile = '<script>alert(1)</script>\u001b[31m|*x*|"&\'';

function result(): ScanResult {
  const summary = { pass: 1, fail: 1, warn: 0, info: 0, skipped: 1, error: 1 };
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0.0.0' },
    startedAt: '2026-11-25T00:00:00Z',
    durationMs: 12,
    target: { tenant: 'contoso.onmicrosoft.com', domains: [] },
    verdict: 'not-ready',
    summary,
    areas: [{ id: 'sync', title: 'Directory synchronisation', verdict: 'not-ready', summary }],
    checks: [
      {
        id: 'sync.a',
        area: 'sync',
        severity: 'fail',
        status: 'fail',
        title: 'A',
        message: 'A bad',
        findings: [
          {
            target: toTarget(hostile, 'user'),
            status: 'fail',
            message: hostile,
            evidence: { displayName: hostile },
          },
        ],
        remediation: { text: 'fix it' },
        docs: ['https://learn.microsoft.com/a'],
        durationMs: 1,
      },
      {
        id: 'sync.b',
        area: 'sync',
        severity: 'fail',
        status: 'pass',
        title: 'B',
        message: 'B ok',
        findings: [],
        remediation: { text: 'r' },
        docs: [],
        durationMs: 1,
      },
      {
        id: 'sync.c',
        area: 'sync',
        severity: 'warn',
        status: 'skipped',
        title: 'C',
        message: 'C skipped',
        reason: 'set `ldap`',
        findings: [],
        remediation: { text: 'r' },
        docs: [],
        durationMs: 0,
      },
      {
        id: 'sync.d',
        area: 'sync',
        severity: 'fail',
        status: 'error',
        title: 'D',
        message: 'D error',
        reason: 'ETIMEDOUT',
        findings: [],
        remediation: { text: 'r' },
        docs: [],
        durationMs: 0,
      },
    ],
    exceptions: [],
    sources: [],
  };
}

describe('markup reports escape environment strings', () => {
  it('html: no live markup or escape sequences from the environment', () => {
    const html = renderHtml(result());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('\u001b');
    expect(html).toContain('Content-Security-Policy');
  });

  it('markdown: table cells cannot be broken out of', () => {
    const md = renderMarkdown(result());
    const row = md.split('\n').find((l) => l.startsWith('| fail |'))!;
    // 4 cells → 5 unescaped pipes; the hostile pipes are escaped.
    expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(5);
    expect(md).not.toContain('<script>');
  });

  it('junit: well-formed XML with failure, error and skipped test cases', () => {
    const xml = renderJunit(result());
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const cases = parsed.testsuites.testsuite.testcase;
    expect(cases).toHaveLength(4);
    expect(cases[0].failure['@_message']).toBe('A bad');
    expect(cases[2].skipped['@_message']).toBe('set `ldap`');
    expect(cases[3].error['@_message']).toBe('ETIMEDOUT');
    expect(xml).not.toContain('\u001b');
  });

  it('sarif: one rule per check and a result per failing finding', () => {
    const sarif = JSON.parse(renderSarif(result()));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules).toHaveLength(4);
    expect(sarif.runs[0].results).toHaveLength(1);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'sync.a', level: 'error' });
  });
});

describe('--format and --out', () => {
  it('writes every format to DIR/hybridscan.<ext>', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybridscan-formats-'));
    const io = memoryIo({}, dir);
    const code = await main(
      [
        'node',
        'hybridscan',
        'demo',
        '--scenario',
        'contoso-gcc-high',
        '--format',
        'console,json,html,md,junit,sarif',
        '--out',
        'reports',
        '--quiet',
        '--only',
        'tenant',
      ],
      io,
    );
    expect(code).toBe(1);
    expect(readdirSync(join(dir, 'reports')).sort()).toEqual([
      'hybridscan.html',
      'hybridscan.json',
      'hybridscan.junit.xml',
      'hybridscan.md',
      'hybridscan.sarif',
      'hybridscan.txt',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'reports', 'hybridscan.json'), 'utf8')).verdict).toBe(
      'not-ready',
    );
  });

  it('refuses two machine formats on stdout', async () => {
    const io = memoryIo();
    expect(await main(['node', 'hybridscan', 'demo', '--format', 'json,sarif'], io)).toBe(2);
    expect(io.err()).toContain('--out');
  });
});
