import Table from 'cli-table3';
import type { CheckResult, ResultFinding, ScanResult, Status, Verdict } from '../src/engine/types.ts';
import { inline, termSafe } from '../src/util/escape.ts';

interface ConsoleOptions {
  color: boolean;
  /** Also list passing checks and the stack of a check that threw (default: only what needs attention). */
  verbose?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, gray: 90, bold: 1 } as const;
type Colour = keyof typeof ANSI;

const STATUS_COLOUR: Record<Status, Colour> = {
  pass: 'green',
  fail: 'red',
  warn: 'yellow',
  info: 'blue',
  skipped: 'gray',
  error: 'magenta',
};
const VERDICT_TEXT: Record<Verdict, [string, Colour]> = {
  ready: ['READY', 'green'],
  'ready-with-warnings': ['READY WITH WARNINGS', 'yellow'],
  'not-ready': ['NOT READY', 'red'],
  incomplete: ['INCOMPLETE', 'magenta'],
};

/** The human report: a summary per area, then every finding that needs attention. */
export function renderConsole(result: ScanResult, opts: ConsoleOptions): string {
  const paint = (colour: Colour, text: string) =>
    opts.color ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text;
  // cli-table3 colours through @colors/colors, which ignores NO_COLOR: switch its styles off explicitly.
  const style: Record<string, string[]> = opts.color ? { head: ['bold'] } : { head: [], border: [] };
  const out: string[] = [];

  const [verdictText, verdictColour] = VERDICT_TEXT[result.verdict];
  const tenant = result.target.tenant ? termSafe(result.target.tenant) : '(no tenant)';
  out.push(
    `hybridscan ${result.tool.version}: ${tenant}${result.target.tenantId ? ` (${termSafe(result.target.tenantId)})` : ''}`,
  );
  out.push(`Verdict: ${paint(verdictColour, paint('bold', verdictText))}`);
  if (result.incomplete) out.push(paint('magenta', `Scan incomplete: ${termSafe(result.incomplete.reason)}`));
  out.push('');

  const areas = new Table({
    head: ['Area', 'Verdict', 'Pass', 'Fail', 'Warn', 'Info', 'Error', 'Skipped'],
    style,
  });
  for (const a of result.areas) {
    const [text, colour] = VERDICT_TEXT[a.verdict];
    const s = a.summary;
    areas.push([
      a.title,
      paint(colour, text.toLowerCase()),
      s.pass,
      s.fail,
      s.warn,
      s.info,
      s.error,
      s.skipped,
    ]);
  }
  out.push(areas.toString());

  const sources = result.sources.map(
    (s) => `${s.id}: ${s.status}${s.requests ? ` (${s.requests} requests)` : ''}`,
  );
  if (sources.length) out.push(`Sources: ${sources.join(', ')}`);
  out.push('');

  const attention = result.checks.filter(
    (c) =>
      opts.verbose || ['fail', 'warn', 'error'].includes(c.status) || c.findings.some((f) => f.exception),
  );
  for (const check of attention) out.push(...renderCheck(check, paint, style, Boolean(opts.verbose)));

  const skipped = result.checks.filter((c) => c.status === 'skipped');
  if (skipped.length && !opts.verbose) {
    const reasons = new Map<string, number>();
    for (const c of skipped)
      reasons.set(c.reason ?? c.message, (reasons.get(c.reason ?? c.message) ?? 0) + 1);
    out.push(paint('gray', `${skipped.length} checks skipped:`));
    for (const [why, n] of reasons) out.push(paint('gray', `  ${n} × ${termSafe(why)}`));
    out.push('');
  }

  const s = result.summary;
  out.push(
    `${result.checks.length} checks: ${paint('green', `${s.pass} passed`)}, ${paint('red', `${s.fail} failed`)}, ` +
      `${paint('yellow', `${s.warn} warnings`)}, ${s.info} info, ${paint('magenta', `${s.error} errors`)}, ${s.skipped} skipped ` +
      `(${result.durationMs} ms)`,
  );
  const expired = result.exceptions.filter((e) => e.state === 'expired');
  for (const e of expired)
    out.push(
      paint(
        'yellow',
        `Exception for ${e.check}${e.target ? ` / ${termSafe(e.target)}` : ''} expired on ${e.expires}: no longer applied`,
      ),
    );
  return `${out.join('\n')}\n`;
}

function renderCheck(
  check: CheckResult,
  paint: (c: Colour, t: string) => string,
  style: Record<string, string[]>,
  verbose: boolean,
): string[] {
  const out: string[] = [];
  const tag = paint(STATUS_COLOUR[check.status], check.status.toUpperCase().padEnd(5));
  out.push(`${tag} ${paint('bold', check.id)}  ${termSafe(check.message)}`);
  if (check.reason && (check.status === 'error' || check.status === 'skipped'))
    out.push(`      cause: ${termSafe(check.reason)}`);
  if (verbose && check.stack)
    for (const line of check.stack.split('\n')) out.push(`        ${termSafe(line)}`);
  const shown = check.findings.filter((f) => f.status !== 'pass' || f.exception);
  if (shown.length) {
    const table = new Table({
      head: ['Status', 'Target', 'Finding', 'Evidence'],
      style,
      wordWrap: true,
      colWidths: [9, 26, 44, 46],
    });
    for (const f of shown.slice(0, 50)) table.push(findingRow(f, paint));
    out.push(table.toString());
    if (shown.length > 50) out.push(`      … and ${shown.length - 50} more (see the JSON report)`);
  }
  if (check.status === 'fail' || check.status === 'warn') {
    out.push(...remediationLines(check.remediation));
    if (check.docs[0]) out.push(`      docs: ${check.docs[0]}`);
  }
  out.push('');
  return out;
}

function findingRow(f: ResultFinding, paint: (c: Colour, t: string) => string): string[] {
  const status = f.exception ? `${f.status} (was ${f.exception.originalStatus})` : f.status;
  const evidence = f.evidence
    ? Object.entries(f.evidence)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}: ${inline(v, 120)}`)
        .join('\n')
    : '';
  return [paint(STATUS_COLOUR[f.status], status), termSafe(f.target.label), termSafe(f.message), evidence];
}

/** The fix, with commands and records indented on their own lines so they can be copied. */
function remediationLines(r: CheckResult['remediation']): string[] {
  const out = [`      fix: ${termSafe(r.text)}`];
  if (r.portal) out.push(`      portal: ${termSafe(r.portal)}`);
  if (r.powershell?.length)
    out.push('      PowerShell:', ...r.powershell.map((c) => `          ${termSafe(c)}`));
  if (r.dns?.length) out.push('      DNS:', ...r.dns.map((d) => `          ${termSafe(d)}`));
  return out;
}
