import type { ScanResult } from '../src/engine/types.ts';
import { evidenceText, markdownCodeBlock, escapeMarkdown as md } from '../src/util/escape.ts';

/** A Markdown report for tickets and wikis: summary per area, then what needs attention. */
export function renderMarkdown(result: ScanResult): string {
  const out: string[] = [];
  out.push(`# hybridscan report: ${md(result.target.tenant ?? '(no tenant)')}`, '');
  out.push(
    // startedAt and tenantId come from the snapshot, which may have been edited: escaped like the rest.
    `**Verdict: ${md(result.verdict)}**${result.target.tenantId ? ` · tenant ${md(result.target.tenantId)}` : ''} · ${md(String(result.startedAt))} · hybridscan ${md(result.tool.version)}`,
    '',
  );
  if (result.incomplete) out.push(`> Scan incomplete: ${md(result.incomplete.reason)}`, '');
  out.push(
    '| Area | Verdict | Pass | Fail | Warn | Info | Error | Skipped |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const a of result.areas) {
    const s = a.summary;
    out.push(
      `| ${md(a.title)} | ${md(a.verdict)} | ${s.pass} | ${s.fail} | ${s.warn} | ${s.info} | ${s.error} | ${s.skipped} |`,
    );
  }
  out.push('');
  const attention = result.checks.filter((c) => ['fail', 'warn', 'error'].includes(c.status));
  if (attention.length) out.push('## Needs attention', '');
  for (const c of attention) {
    out.push(`### ${c.status.toUpperCase()} \`${c.id}\`: ${md(c.message)}`, '');
    if (c.reason) out.push(`Cause: ${md(c.reason)}`, '');
    const shown = c.findings.filter((f) => f.status !== 'pass');
    if (shown.length) {
      out.push('| Status | Target | Finding | Evidence |', '|---|---|---|---|');
      for (const f of shown)
        out.push(
          `| ${f.status} | ${md(f.target.label)} | ${md(f.message)} | ${md(evidenceText(f.evidence))} |`,
        );
      out.push('');
    }
    if (c.status !== 'error') {
      out.push(`**Fix:** ${md(c.remediation.text)}`, '');
      if (c.remediation.portal) out.push(`Portal: ${md(c.remediation.portal)}`, '');
      if (c.remediation.powershell?.length)
        out.push(markdownCodeBlock(c.remediation.powershell.join('\n'), 'powershell'), '');
      if (c.remediation.dns?.length) out.push(markdownCodeBlock(c.remediation.dns.join('\n'), 'dns'), '');
    }
    if (c.docs.length) out.push(c.docs.map((d) => `- <${d}>`).join('\n'), '');
  }
  out.push('## All checks', '', '| Check | Status | Message |', '|---|---|---|');
  for (const c of result.checks) out.push(`| \`${c.id}\` | ${c.status} | ${md(c.message)} |`);
  out.push('');
  return `${out.join('\n')}\n`;
}
