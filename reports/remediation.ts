import type { Remediation } from '../src/engine/types.ts';

/** The remediation as plain text for the text-only formats (JUnit, SARIF): prose, then each command. */
export function remediationText(r: Remediation): string {
  const lines = [r.text];
  if (r.portal) lines.push(`Portal: ${r.portal}`);
  if (r.powershell?.length) lines.push('PowerShell:', ...r.powershell.map((c) => `  ${c}`));
  if (r.dns?.length) lines.push('DNS:', ...r.dns.map((d) => `  ${d}`));
  return lines.join('\n');
}
