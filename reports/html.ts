import type { CheckResult, ScanResult } from '../src/engine/types.ts';
import { evidenceText, escapeHtml as h } from '../src/util/escape.ts';

const COLOURS: Record<string, string> = {
  pass: '#1a7f37',
  fail: '#cf222e',
  warn: '#9a6700',
  info: '#0969da',
  skipped: '#6e7781',
  error: '#8250df',
};

/** A self-contained HTML report (no scripts, no external assets) a customer can open or print. */
export function renderHtml(result: ScanResult): string {
  const badge = (status: string) =>
    `<span class="b" style="background:${COLOURS[status] ?? '#6e7781'}">${h(status)}</span>`;
  const areaRows = result.areas
    .map(
      (a) =>
        `<tr><td>${h(a.title)}</td><td>${h(a.verdict)}</td>${(['pass', 'fail', 'warn', 'info', 'error', 'skipped'] as const).map((k) => `<td>${a.summary[k]}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const check = (c: CheckResult) => {
    const rows = c.findings
      .map(
        (f) =>
          `<tr><td>${badge(f.status)}</td><td>${h(f.target.label)}</td><td>${h(f.message)}</td><td><pre>${h(evidenceText(f.evidence))}</pre></td></tr>`,
      )
      .join('\n');
    return `<details${['fail', 'warn', 'error'].includes(c.status) ? ' open' : ''}><summary>${badge(c.status)} <code>${h(c.id)}</code> ${h(c.message)}</summary>
${c.reason ? `<p>Cause: ${h(c.reason)}</p>` : ''}${rows ? `<table><tr><th>Status</th><th>Target</th><th>Finding</th><th>Evidence</th></tr>${rows}</table>` : ''}
${remediationHtml(c.remediation)}${c.docs.map((d) => `<p><a href="${h(d)}">${h(d)}</a></p>`).join('')}</details>`;
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>hybridscan: ${h(result.target.tenant ?? '')}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap}.b{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px}details{margin:.4em 0}summary{cursor:pointer}</style>
</head><body>
<h1>hybridscan report: ${h(result.target.tenant ?? '(no tenant)')}</h1>
<p>Verdict: <b>${h(result.verdict)}</b>${result.target.tenantId ? ` · tenant ${h(result.target.tenantId)}` : ''} · ${h(result.startedAt)} · hybridscan ${h(result.tool.version)}</p>
${result.incomplete ? `<p><b>Scan incomplete:</b> ${h(result.incomplete.reason)}</p>` : ''}
<table><tr><th>Area</th><th>Verdict</th><th>Pass</th><th>Fail</th><th>Warn</th><th>Info</th><th>Error</th><th>Skipped</th></tr>
${areaRows}</table>
<h2>Checks</h2>
${result.checks.map(check).join('\n')}
</body></html>
`;
}

function remediationHtml(r: CheckResult['remediation']): string {
  const code = (title: string, lines: string[] | undefined) =>
    lines?.length ? `<p>${title}:</p><pre><code>${h(lines.join('\n'))}</code></pre>` : '';
  return `<p><b>Fix:</b> ${h(r.text)}</p>${r.portal ? `<p>Portal: ${h(r.portal)}</p>` : ''}${code('PowerShell', r.powershell)}${code('DNS', r.dns)}`;
}
