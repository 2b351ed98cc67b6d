import type { RegisteredCheck } from '../engine/registry.ts';
import { AREAS, type Area, type Remediation } from '../engine/types.ts';
import { ACCESS_KINDS } from '../sources/access.ts';
import { permissionsFor } from '../sources/permissions.ts';

/** A check declares its remediation as prose, or with the exact commands and records beside it. */
type RemediationValue = string | Remediation;

export function remediationText(remediation: RemediationValue): string {
  return typeof remediation === 'string' ? remediation : remediation.text;
}

/** The command that regenerates docs/checks.md; the freshness test quotes it. */
export const CATALOGUE_COMMAND = 'node bin/hybridscan.js checks --format md > docs/checks.md';

/** The check catalogue as Markdown, grouped by area in the order of AREAS, from check metadata only. */
export function renderCatalogueMarkdown(checks: readonly RegisteredCheck[]): string {
  const areaOrder = Object.keys(AREAS) as Area[];
  const sorted = [...checks].sort(
    (a, b) => areaOrder.indexOf(a.area) - areaOrder.indexOf(b.area) || a.id.localeCompare(b.id),
  );
  const out: string[] = [
    '# Check catalogue',
    '',
    `<!-- Generated from the check metadata; do not edit. Regenerate with: ${CATALOGUE_COMMAND} -->`,
    '',
    `${checks.length} checks. Severity is what a violation means (fail, warn, info); the config can override it per check.`,
    '',
  ];
  for (const area of areaOrder) {
    const inArea = sorted.filter((c) => c.area === area);
    if (inArea.length === 0) continue;
    out.push(`## ${AREAS[area]} (\`${area}\`)`, '');
    for (const check of inArea) out.push(...checkSection(check), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function checkSection(check: RegisteredCheck): string[] {
  const remediation = check.remediation as RemediationValue;
  const lines = [
    `### \`${check.id}\` — ${oneLine(check.title)}`,
    '',
    oneLine(check.description),
    '',
    `- **Severity:** ${check.severity}`,
    `- **Confidence:** ${check.confidence ?? 'not stated'}`,
    `- **Data source:** ${codeList(check.requires)}${check.optional?.length ? `; optional ${codeList(check.optional)}` : ''}`,
    `- **Permissions:** ${permissionText(check)}`,
    `- **Remediation:** ${oneLine(remediationText(remediation))}`,
  ];
  if (typeof remediation !== 'string') {
    for (const command of remediation.powershell ?? []) lines.push(`  - PowerShell: \`${oneLine(command)}\``);
    for (const record of remediation.dns ?? []) lines.push(`  - DNS: \`${oneLine(record)}\``);
    if (remediation.portal) lines.push(`  - Portal: ${oneLine(remediation.portal)}`);
  }
  if (check.docs.length) lines.push(`- **Docs:** ${check.docs.map((d) => `<${d}>`).join(', ')}`);
  return lines;
}

function permissionText(check: RegisteredCheck): string {
  const derived = permissionsFor(check);
  const parts = ACCESS_KINDS.filter((kind) => derived[kind].length).map(
    (kind) => `${kind}: ${derived[kind].join(', ')}`,
  );
  return parts.length ? parts.join('; ') : 'none';
}

function codeList(keys: readonly string[]): string {
  return keys.length ? keys.map((k) => `\`${k}\``).join(', ') : 'none';
}

/** Metadata is written for one line; a stray newline must not break the Markdown structure. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
