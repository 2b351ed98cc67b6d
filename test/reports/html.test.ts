import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HTML_CSP, renderHtml } from '../../reports/html.ts';
import type { CheckResult, ResultFinding, ScanResult, Status } from '../../src/engine/types.ts';

// The HTML report's structure as a string; test/reports/html.chromium.test.ts opens it in Chromium.
const golden = (name: string) =>
  JSON.parse(readFileSync(`fixtures/golden/${name}.result.json`, 'utf8')) as ScanResult;

function check(id: string, status: Status, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    area: id.split('.')[0] as CheckResult['area'],
    severity: 'fail',
    status,
    title: `${id} title`,
    description: `${id} matters because`,
    message: `${id} says ${status}`,
    findings: [],
    remediation: { text: `fix ${id}` },
    docs: [],
    durationMs: 0,
    ...extra,
  };
}

function finding(label: string, status: ResultFinding['status'] = 'fail', evidence?: object): ResultFinding {
  return {
    target: { kind: 'user', id: label.toLowerCase(), label },
    status,
    message: `${label} is wrong`,
    ...(evidence ? { evidence: evidence as Record<string, unknown> } : {}),
  };
}

function result(checks: CheckResult[], verdict: ScanResult['verdict']): ScanResult {
  const summary = { pass: 0, fail: 0, warn: 0, info: 0, skipped: 0, error: 0 };
  for (const c of checks) summary[c.status]++;
  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: '9.9.9' },
    startedAt: '2026-11-25T10:30:00Z',
    durationMs: 4200,
    target: { tenant: 'contoso.onmicrosoft.com', organization: 'Contoso Ltd', domains: ['contoso.com'] },
    verdict,
    summary,
    areas: [...new Set(checks.map((c) => c.area))].map((id) => ({
      id,
      title: `Area ${id}`,
      verdict,
      summary,
    })),
    checks,
    exceptions: [],
    sources: [
      { id: 'graph', status: 'ok', requests: 3 },
      { id: 'exo', status: 'ok', requests: 2 },
      { id: 'ldap', status: 'not-configured', requests: 0 },
      { id: 'dns', status: 'error', requests: 1, error: 'SERVFAIL from 10.0.0.1' },
    ],
    knowledge: { datasets: { 'exchange-builds': '2026-04-02' }, warnings: ['builds are 244 days old'] },
  };
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, '');

describe('HTML report', () => {
  it('says the verdict in words first', () => {
    const cases: [ScanResult, string][] = [
      [
        result([check('app.a', 'fail'), check('app.b', 'fail'), check('dns.c', 'fail')], 'not-ready'),
        'Not ready: 3 problems block archiving',
      ],
      [result([check('app.a', 'fail')], 'not-ready'), 'Not ready: 1 problem blocks archiving'],
      [result([check('app.a', 'pass')], 'ready'), 'Ready: nothing blocks archiving'],
      [
        result([check('app.a', 'warn'), check('app.b', 'pass')], 'ready-with-warnings'),
        'Ready with warnings: 1 warning',
      ],
      [
        result([check('app.a', 'error'), check('app.b', 'error')], 'incomplete'),
        'Incomplete: 2 checks could not be decided',
      ],
    ];
    for (const [r, words] of cases) {
      const html = renderHtml(r);
      expect(html).toContain(`<section class="banner v-${r.verdict}"`);
      expect(textOf(html)).toContain(words);
      // the banner comes before any check
      expect(html.indexOf('class="banner')).toBeLessThan(html.indexOf('id="c-'));
    }
  });

  it('lists blockers fail, then error, then warn, with why, affected objects and the fix', () => {
    const r = result(
      [
        check('dns.w', 'warn'),
        check('app.e', 'error', { reason: 'graph.users: HTTP 503' }),
        check('app.f', 'fail', {
          findings: [finding('bob@contoso.com'), finding('alice@contoso.com', 'pass')],
          remediation: {
            text: 'Grant it.',
            powershell: ['Set-Thing -Identity bob'],
            dns: ['x. TXT "v"'],
            portal: 'A > B',
          },
          docs: ['https://learn.microsoft.com/x', 'javascript:alert(1)'],
        }),
        check('dns.p', 'pass'),
      ],
      'not-ready',
    );
    const html = renderHtml(r);
    const blockers = html.slice(html.indexOf('id="blockers"'), html.indexOf('id="areas"'));
    const at = (id: string) => blockers.indexOf(`id="c-${id}"`);
    expect(at('app.f')).toBeGreaterThan(0);
    expect(at('app.f')).toBeLessThan(at('app.e'));
    expect(at('app.e')).toBeLessThan(at('dns.w'));
    expect(at('dns.p')).toBe(-1);
    expect(blockers).toContain('Why it matters:</b> app.f matters because');
    expect(blockers).toContain('Affected (1 of 2)');
    expect(blockers).toContain('bob@contoso.com');
    expect(blockers).not.toContain('alice@contoso.com');
    expect(blockers).toContain('<pre><code>Set-Thing -Identity bob</code></pre>');
    expect(blockers).toContain('<pre><code>x. TXT &quot;v&quot;</code></pre>');
    expect(blockers).toContain('<span class="portal">A &gt; B</span>');
    expect(blockers).toContain('<a href="https://learn.microsoft.com/x"');
    expect(html).not.toContain('href="javascript:');
    expect(blockers).toContain('Cause:</b> graph.users: HTTP 503');
  });

  it('shows the first 20 affected objects and how many more', () => {
    const findings = Array.from({ length: 25 }, (_, i) => finding(`user${i}@contoso.com`));
    const html = renderHtml(result([check('mbx.a', 'fail', { findings })], 'not-ready'));
    expect(html).toContain('user19@contoso.com');
    expect(html).not.toContain('user20@contoso.com');
    expect(html).toContain('… and 5 more');
  });

  it('collapses errors with one cause into one block naming the checks', () => {
    const errs = ['sync.a', 'sync.b', 'mbx.c'].map((id) =>
      check(id, 'error', {
        reason: `graph.users: Sign-in failed (AADSTS90002)`,
        message: 'Could not collect graph.users',
      }),
    );
    const html = renderHtml(
      result([...errs, check('dns.x', 'error', { reason: 'dns.records: SERVFAIL' })], 'incomplete'),
    );
    expect(html.match(/class="issue error"/g)).toHaveLength(2);
    expect(textOf(html)).toContain('3 checks could not run: Sign-in failed (AADSTS90002)');
  });

  it('puts areas in sections with their verdict; passing checks collapsed; evidence as a list with raw JSON behind a disclosure', () => {
    const evidence = { value: 'x'.repeat(300), nested: { a: 1, list: [1, 2] }, none: null };
    const html = renderHtml(
      result(
        [
          check('dns.f', 'fail'),
          check('dns.ok', 'pass', { findings: [finding('contoso.com', 'pass', evidence)] }),
        ],
        'not-ready',
      ),
    );
    expect(html).toContain('<section class="area" id="a-dns">');
    expect(html).toMatch(/<details class="passing"><summary>1 passing check<\/summary>/);
    expect(html).not.toMatch(/<details[^>]* open/);
    expect(html).toContain('<dt>value</dt><dd>xxxx');
    expect(html).toContain('<dt>nested</dt><dd><dl class="ev"><dt>a</dt><dd>1</dd>');
    expect(html).toContain('<summary>Raw evidence (JSON)</summary><pre><code>{\n  &quot;value&quot;');
    expect(html).toContain('overflow-wrap:anywhere');
  });

  it('has a header with organisation, tenant, version, knowledge dates, time and sources by how they were read', () => {
    const text = textOf(renderHtml(result([check('app.a', 'pass')], 'ready')));
    for (const s of [
      'Contoso Ltd',
      'contoso.onmicrosoft.com',
      'hybridscan 9.9.9',
      'Exchange builds as of 2026-04-02',
      'builds are 244 days old',
      '2026-11-25 10:30 UTC',
      'took 4.2 s',
      'Live: Microsoft Graph',
      'Exported files: Exchange Online',
      'Not configured: Active Directory (LDAP)',
      'Failed: DNS',
      'SERVFAIL from 10.0.0.1',
    ])
      expect(text).toContain(s);
  });

  it('is one file: the strict CSP, no script, no external resource, a print stylesheet', () => {
    for (const name of ['contoso-ready', 'graph-app-misconfigured', 'journal-gateway-internal']) {
      const html = renderHtml(golden(name));
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
      expect(HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'");
      expect(html).not.toMatch(/<script|<link|<img|<iframe|\son\w+=|url\(/i);
      expect(html).toMatch(/@media print\{[\s\S]*break-inside:avoid/);
      expect(html).toContain('@page{size:A4');
    }
  });

  it('renders the golden results: every failing check is a blocker with its description', () => {
    const r = golden('graph-app-misconfigured');
    const html = renderHtml(r);
    const blockers = html.slice(html.indexOf('id="blockers"'), html.indexOf('id="areas"'));
    for (const c of r.checks.filter((c) => c.status === 'fail' || c.status === 'warn')) {
      expect(blockers).toContain(`id="c-${c.id}"`);
      expect(c.description).toBeTruthy();
    }
    expect(textOf(html)).toContain(`Not ready: ${r.summary.fail} problems block archiving`);
  });
});
