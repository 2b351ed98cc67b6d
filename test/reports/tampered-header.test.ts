import { describe, expect, it } from 'vitest';
import { FORMATS, render } from '../../reports/index.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { escapeMarkdown, termSafe } from '../../src/util/escape.ts';

// A snapshot is a file: its startedAt and tenant id can be edited to carry markup and escapes.
const tampered = '<img src=x onerror=alert(1)>\u001b[31m';
const bidi = 'invoice\u202Etxt.exe\u200B\u2066x\u2069\uFEFF';

function result(): ScanResult {
  const summary = { pass: 1, fail: 0, warn: 0, info: 0, skipped: 0, error: 0 };
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0.0.0' },
    startedAt: tampered,
    durationMs: 1,
    target: { tenant: bidi, tenantId: tampered, domains: [] },
    verdict: 'ready',
    summary,
    areas: [{ id: 'sync', title: 'Directory synchronisation', verdict: 'ready', summary }],
    checks: [
      {
        id: 'sync.a',
        area: 'sync',
        severity: 'fail',
        status: 'pass',
        title: 'A',
        message: 'Alice’s mailbox isn\'t "odd"',
        findings: [],
        remediation: { text: 'none' },
        docs: [],
        durationMs: 1,
      },
    ],
    exceptions: [],
    sources: [],
  };
}

describe('environment strings in the report header are escaped too', () => {
  it('Markdown: a tampered startedAt / tenantId carries no raw HTML or ESC byte', () => {
    const md = render(result(), 'md', { color: false, verbose: true });
    expect(md).not.toContain('<img');
    expect(md).not.toContain('\u001b');
    expect(md).toContain('&lt;img');
  });

  it('Markdown renders apostrophes as written, not as &#39;', () => {
    expect(escapeMarkdown("isn't")).toBe("isn't");
    expect(escapeMarkdown('a "b"')).toBe('a "b"');
  });

  it.each(FORMATS)('%s: bidi overrides and zero-width characters never reach the output raw', (format) => {
    const text = render(result(), format, { color: false, verbose: true });
    // Unicode TR#9 explicit formatting characters and zero-width characters (CVE-2021-42574 "Trojan Source").
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/);
  });

  it('JSON keeps the exact value: the escapes parse back to the same string', () => {
    const parsed = JSON.parse(render(result(), 'json', { color: false, verbose: true })) as ScanResult;
    expect(parsed.target.tenant).toBe(bidi);
  });

  it('the terminal shows an invisible character by its code point', () => {
    expect(termSafe('a\u202Eb\u200Bc')).toBe('a\\u202eb\\u200bc');
  });
});
