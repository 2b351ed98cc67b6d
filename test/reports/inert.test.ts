import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FORMATS, render } from '../../reports/index.ts';
import type { ScanResult } from '../../src/engine/types.ts';

// A hostile string as the environment (a displayName) or a plugin might supply it.
const payload = '<script>alert(1)</script>\u001b[2J\u001b]0;pwned\u0007```|*x*|"&\'';

function result(): ScanResult {
  const summary = { pass: 0, fail: 1, warn: 0, info: 0, skipped: 0, error: 0 };
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '0.0.0' },
    startedAt: '2026-11-25T00:00:00Z',
    durationMs: 1,
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
        findings: [{ target: { kind: 'user', id: 'evil', label: payload }, status: 'fail', message: 'bad' }],
        remediation: { text: payload, powershell: [`Set-User ${payload}`], dns: [payload], portal: payload },
        docs: [],
        durationMs: 1,
      },
    ],
    exceptions: [],
    sources: [],
  };
}

/** Markdown with its fenced code blocks removed: what a renderer would treat as markup. */
function outsideFences(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
}

describe('a hostile target label and remediation render inert in every format', () => {
  for (const format of FORMATS) {
    it(format, () => {
      const text = render(result(), format, { color: false, verbose: true });
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u0007');
      if (format === 'html') expect(text).not.toContain('<script>');
      if (format === 'junit') {
        expect(text).not.toContain('<script>');
        expect(() => new XMLParser().parse(text)).not.toThrow();
      }
      if (format === 'md') {
        expect(outsideFences(text)).not.toContain('<script>');
        // the payload's ``` cannot close the fence around the command
        expect(text).toContain('````powershell\nSet-User <script>');
      }
      if (format === 'json' || format === 'sarif')
        expect(JSON.stringify(JSON.parse(text))).toContain('alert(1)');
      if (format === 'console') expect(text).toContain('Set-User <script>');
    });
  }

  it('html and markdown show the commands as code blocks; the console indents them', () => {
    const ok = result();
    ok.checks[0]!.remediation = {
      text: 'Fix it.',
      powershell: ['Set-RemoteMailbox bob -RemoteRoutingAddress bob@contoso.mail.onmicrosoft.com'],
      dns: ['_dmarc.contoso.com. TXT "v=DMARC1; p=none"'],
    };
    expect(render(ok, 'html', { color: false })).toContain(
      '<pre><code>Set-RemoteMailbox bob -RemoteRoutingAddress bob@contoso.mail.onmicrosoft.com</code></pre>',
    );
    expect(render(ok, 'md', { color: false })).toContain(
      '```dns\n_dmarc.contoso.com. TXT "v=DMARC1; p=none"\n```',
    );
    expect(render(ok, 'console', { color: false })).toContain('\n          Set-RemoteMailbox bob');
  });
});
