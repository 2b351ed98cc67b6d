import type { ScanResult } from '../src/engine/types.ts';
import { evidenceText, escapeXml as x } from '../src/util/escape.ts';
import { remediationText } from './remediation.ts';

/** JUnit XML for CI dashboards: one testsuite per area, one testcase per check. */
export function renderJunit(result: ScanResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = result.summary;
  lines.push(
    `<testsuites name="hybridscan" tests="${result.checks.length}" failures="${s.fail}" errors="${s.error}" skipped="${s.skipped}" time="${(result.durationMs / 1000).toFixed(3)}">`,
  );
  for (const area of result.areas) {
    const checks = result.checks.filter((c) => c.area === area.id);
    const a = area.summary;
    lines.push(
      `  <testsuite name="${x(area.title)}" tests="${checks.length}" failures="${a.fail}" errors="${a.error}" skipped="${a.skipped}">`,
    );
    for (const c of checks) {
      lines.push(
        `    <testcase classname="hybridscan.${x(c.area)}" name="${x(c.id)}" time="${(c.durationMs / 1000).toFixed(3)}">`,
      );
      const details = c.findings
        .filter((f) => f.status !== 'pass')
        .map(
          (f) =>
            `[${f.status}${f.baselineState && f.baselineState !== 'unchanged' ? `, ${f.baselineState}` : ''}] ${f.target.label}: ${f.message}${f.evidence ? `\n${evidenceText(f.evidence)}` : ''}`,
        )
        .join('\n\n');
      if (c.status === 'fail')
        lines.push(
          `      <failure message="${x(c.message)}">${x(`${details}\n\nFix: ${remediationText(c.remediation)}`)}</failure>`,
        );
      else if (c.status === 'error')
        lines.push(`      <error message="${x(c.reason ?? c.message)}">${x(details)}</error>`);
      else if (c.status === 'skipped') lines.push(`      <skipped message="${x(c.reason ?? c.message)}"/>`);
      else if (c.status === 'warn')
        lines.push(`      <system-out>${x(`WARNING: ${c.message}\n${details}`)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
