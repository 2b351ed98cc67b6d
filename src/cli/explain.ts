import { checkKnownAsOf } from '../engine/knowledge.ts';
import type { RegisteredCheck } from '../engine/registry.ts';
import { toRemediation } from '../engine/remediation.ts';
import { AREAS, type Remediation, type ScanResult } from '../engine/types.ts';
import { ACCESS_KINDS } from '../sources/access.ts';
import { permissionsFor } from '../sources/permissions.ts';
import { closest } from '../util/closest.ts';
import { UsageError } from '../util/errors.ts';
import { inline, termSafe } from '../util/escape.ts';
import { fill, truncate, wrap } from '../util/width.ts';

const ACCESS_TITLES: Record<(typeof ACCESS_KINDS)[number], string> = {
  graph: 'Microsoft Graph (application permissions)',
  exchangeOnline: 'Exchange Online (roles for the exports)',
  ldap: 'Active Directory (LDAP bind account)',
  network: 'network access from the scanning host',
  files: 'files an administrator supplies',
};

/** The check an id names; an unknown id is a usage error with the nearest id. */
export function findCheck(checks: readonly RegisteredCheck[], id: string): RegisteredCheck {
  const check = checks.find((c) => c.id === id);
  if (check) return check;
  const near = closest(
    id,
    checks.map((c) => c.id),
  );
  throw new UsageError(
    `unknown check "${termSafe(id)}"${near ? `; did you mean ${near}?` : ''} (\`hybridscan checks\` lists them)`,
  );
}

/** One check in full: what it is for, what it reads and needs, its rule, the fix and the docs. */
export function renderExplain(check: RegisteredCheck, columns: number, result?: ResultEntry): string {
  const width = Math.max(columns, 30);
  const out: string[] = [];
  const para = (text: string, first = '  ', rest = first) => out.push(...wrap(text, width, first, rest));
  const heading = (text: string) => out.push('', text);

  para(`${check.id} — ${oneLine(check.title)}`, '', '  ');
  para(
    `area: ${AREAS[check.area]} (${check.area}) · severity: ${check.severity} · confidence: ${check.confidence ?? 'not stated'}${check.origin !== 'builtin' ? ` · from plugin ${check.origin}` : ''}`,
    '',
    '  ',
  );
  heading('Why it matters');
  para(oneLine(check.description));

  heading('Rule');
  para(oneLine(check.title), '  pass: ', '        ');
  para(oneLine(check.failureTitle), `  ${check.severity}: `, '        ');
  para(
    'error when evidence it requires could not be collected (the cause is named); skipped when a source it requires is not configured',
    '  otherwise: ',
    '        ',
  );
  if (check.dependsOn?.length)
    para(
      `${check.dependsOn.join(', ')} (skipped when one of them fails, errors or is skipped)`,
      '  depends on: ',
      '    ',
    );
  const defaults = optionDefaults(check);
  if (defaults) {
    para(`options (checks.${check.id}.options in the config), with their defaults:`);
    for (const [key, value] of Object.entries(defaults)) para(inline(value, 200), `    ${key}: `, '      ');
  }
  para(`config: checks.${check.id}: off | info | warn | fail overrides the severity`);
  const knownAsOf = checkKnownAsOf(check);
  if (knownAsOf) para(`relies on data known as of ${knownAsOf} (${check.knowledge?.join(', ')})`);

  heading('Reads');
  for (const key of check.requires) para(`${key} (source ${key.split('.')[0]})`, '  required: ', '    ');
  if (check.requires.length === 0) para('no artifacts', '  required: ');
  for (const key of check.optional ?? [])
    para(`${key} (source ${key.split('.')[0]}), used when collected`, '  optional: ', '    ');

  heading('Permissions');
  const needs = permissionsFor(check);
  const kinds = ACCESS_KINDS.filter((k) => needs[k].length);
  if (kinds.length === 0) para('none');
  for (const kind of kinds) {
    para(`${ACCESS_TITLES[kind]}:`);
    for (const p of needs[kind]) para(p, '    - ', '      ');
  }

  heading('Fix');
  out.push(...remediationLines(toRemediation(check.remediation), width));

  if (check.docs.length) {
    heading('Docs');
    for (const d of check.docs) para(d);
  }
  if (result) out.push('', ...resultLines(result, width));
  return `${out.map((l) => truncate(l, columns)).join('\n')}\n`;
}

function optionDefaults(check: RegisteredCheck): Record<string, unknown> | undefined {
  if (!check.options) return undefined;
  const parsed = check.options.safeParse({});
  if (!parsed.success || !parsed.data || typeof parsed.data !== 'object') return undefined;
  const entries = Object.entries(parsed.data as Record<string, unknown>);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function remediationLines(r: Remediation, width: number): string[] {
  const out = wrap(oneLine(r.text), width, '  ', '  ');
  if (r.portal) out.push(...wrap(termSafe(r.portal), width, '  portal: ', '    '));
  if (r.powershell?.length)
    out.push('  PowerShell:', ...r.powershell.flatMap((c) => fill(termSafe(c), width, '      ', '        ')));
  if (r.dns?.length)
    out.push('  DNS:', ...r.dns.flatMap((d) => fill(termSafe(d), width, '      ', '        ')));
  return out;
}

/** A check's entry in a saved result, with where it came from. */
interface ResultEntry {
  file: string;
  result: ScanResult;
  check: unknown;
}

/** The check's entry in a result file; a result without it is a usage error. */
export function resultEntry(result: ScanResult, file: string, id: string): ResultEntry {
  const check = result.checks.find((c) => c && typeof c === 'object' && c.id === id);
  if (!check)
    throw new UsageError(
      `${file} has no result for ${termSafe(id)}: it was not selected in that scan (ids in the file: ${
        result.checks
          .map((c) => (c && typeof c === 'object' && typeof c.id === 'string' ? termSafe(c.id) : '?'))
          .slice(0, 5)
          .join(', ') || 'none'
      }${result.checks.length > 5 ? ', …' : ''})`,
    );
  return { file, result, check };
}

/** A value from the result file, which is untrusted data: strings escaped, anything else inline. */
function text(value: unknown): string {
  return typeof value === 'string' ? termSafe(value) : inline(value, 10_000);
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Every finding of the check in the result file, in full. */
function resultLines(entry: ResultEntry, width: number): string[] {
  const c = record(entry.check);
  const meta = record(entry.result.target);
  const out: string[] = [];
  out.push(
    ...wrap(
      `In ${termSafe(entry.file)} (${text(meta.tenant ?? 'no tenant')}, ${text(entry.result.startedAt ?? 'unknown time')}): ${text(c.status).toUpperCase()} — ${text(c.message ?? '')}`,
      width,
      '',
      '  ',
    ),
  );
  if (c.reason !== undefined) out.push(...wrap(text(c.reason), width, '  cause: ', '    '));
  const findings = Array.isArray(c.findings) ? c.findings : [];
  out.push(`  ${findings.length} finding${findings.length === 1 ? '' : 's'}:`);
  for (const raw of findings) {
    const f = record(raw);
    const target = record(f.target);
    const label = target.label ?? target.id ?? f.target;
    const exception = record(f.exception);
    const status = `${text(f.status)}${f.exception ? ` (was ${text(exception.originalStatus)}: ${text(exception.reason ?? '')})` : ''}`;
    out.push(
      ...wrap(
        `${text(label)}${target.kind ? ` [${text(target.kind)}]` : ''}`,
        width,
        `  ${status}  `,
        '      ',
      ),
    );
    out.push(...wrap(text(f.message ?? ''), width, '      ', '      '));
    for (const [key, value] of Object.entries(record(f.evidence))) {
      if (value === undefined) continue;
      // In full: nested values as indented JSON, one line each, every string escaped.
      const lines =
        typeof value === 'string'
          ? [termSafe(value)]
          : (JSON.stringify(value, null, 2) ?? 'undefined').split('\n');
      if (lines.length === 1) out.push(...wrap(text(value), width, `      ${termSafe(key)}: `, '        '));
      else {
        out.push(`      ${truncate(termSafe(key), width - 7)}:`);
        for (const l of lines)
          out.push(
            ...wrap(termSafe(l.trimStart()), width, `        ${' '.repeat(l.length - l.trimStart().length)}`),
          );
      }
    }
  }
  return out;
}

function oneLine(value: string): string {
  return termSafe(value.replace(/\s*\n\s*/g, ' ').trim());
}
