import type { BaselineState, ScanResult } from '../src/engine/types.ts';
import { evidenceText, markdownCodeBlock, escapeMarkdown as md } from '../src/util/escape.ts';
import { baselineText } from './console.ts';

/** `--baseline`: NEW, CHANGED or FIXED after the status; unchanged findings carry no mark. */
function mark(state: BaselineState | undefined): string {
  return state && state !== 'unchanged' ? ` ${state.toUpperCase()}` : '';
}

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
  if (result.baseline) {
    const b = result.baseline;
    out.push(
      `**Since the baseline** ${md(b.file)} (${md(b.startedAt)}): ${md(baselineText(b))}`,
      '',
      ...b.fixedFindings.map((f) => `- FIXED \`${f.check}\` ${md(f.target.label)} (was ${md(f.before)})`),
      ...(b.fixedFindings.length ? [''] : []),
    );
  }
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
    out.push(`### ${c.status.toUpperCase()}${mark(c.baselineState)} \`${c.id}\`: ${md(c.message)}`, '');
    if (c.reason) out.push(`Cause: ${md(c.reason)}`, '');
    const shown = c.findings.filter((f) => f.status !== 'pass');
    if (shown.length) {
      out.push('| Status | Target | Finding | Evidence |', '|---|---|---|---|');
      for (const f of shown)
        out.push(
          `| ${f.status}${mark(f.baselineState)} | ${md(f.target.label)} | ${md(f.message)} | ${md(evidenceText(f.evidence))} |`,
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
