import Table from 'cli-table3';
import type {
  BaselineState,
  BaselineSummary,
  CheckResult,
  ResultFinding,
  ScanResult,
  Status,
  Verdict,
} from '../src/engine/types.ts';
import { inline, termSafe } from '../src/util/escape.ts';
import { fill, truncate, visibleWidth, wrap } from '../src/util/width.ts';

interface ConsoleOptions {
  color: boolean;
  /** Also list passing checks and the stack of a check that threw (default: only what needs attention). */
  verbose?: boolean;
  /** Terminal width: no line is wider (default: process.stdout.columns, else 80). */
  columns?: number;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, gray: 90, bold: 1 } as const;
type Colour = keyof typeof ANSI;
type Paint = (colour: Colour, text: string) => string;

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
/** What needs attention first: what blocks archiving, then what could not be judged, then warnings. */
const STATUS_ORDER: Record<Status, number> = { fail: 0, error: 1, warn: 2, info: 3, skipped: 4, pass: 5 };
/** Findings listed per check on the console; the rest are in the JSON report and `explain --result`. */
const MAX_FINDINGS = 50;
/** Narrower terminals than this get findings as a list instead of a table. */
const TABLE_MIN_COLUMNS = 110;

function painter(color: boolean): Paint {
  return (colour, text) => (color ? `\u001b[${ANSI[colour]}m${text}\u001b[0m` : text);
}

function consoleColumns(columns?: number): number {
  const c = columns ?? process.stdout.columns ?? 80;
  return Number.isFinite(c) && c > 0 ? Math.floor(c) : 80;
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/** "3 failed, 17 errors, 1 warning (72 checks)": the counts that matter, in the order of attention. */
function countsText(result: ScanResult): string {
  const s = result.summary;
  const parts = [
    s.fail ? `${s.fail} failed` : '',
    s.error ? plural(s.error, 'error') : '',
    s.warn ? plural(s.warn, 'warning') : '',
  ].filter(Boolean);
  return `${parts.length ? parts.join(', ') : `${s.pass} passed`} (${plural(result.checks.length, 'check')})`;
}

/** One line: the verdict and the counts behind it, for runs whose report went to a file or a pipe. */
export function verdictLine(result: ScanResult, opts: { color: boolean }): string {
  const paint = painter(opts.color);
  const [text, colour] = VERDICT_TEXT[result.verdict];
  return `Verdict: ${paint(colour, paint('bold', text))} — ${countsText(result)}`;
}

/** The first thing to do next, naming the first check that needs it. */
export function nextStep(result: ScanResult): string {
  const first = (status: Status) =>
    [...result.checks].sort(byAttention).find((c) => c.status === status)?.id ?? '';
  const s = result.summary;
  if (s.fail) return `${plural(s.fail, 'fail')} — run \`hybridscan explain ${first('fail')}\` for the fix`;
  if (s.error)
    return `${plural(s.error, 'error')} — the scan is incomplete: fix the cause shown, then scan again (\`hybridscan explain ${first('error')}\` says what that check reads and needs)`;
  if (result.incomplete) return 'The scan is incomplete: scan again to finish it';
  if (s.warn) return `${plural(s.warn, 'warning')} — run \`hybridscan explain ${first('warn')}\` for the fix`;
  if (result.verdict === 'incomplete')
    return 'Nothing was shown to be fine in some areas: configure their sources and scan again';
  return 'Nothing blocks archiving';
}

function byAttention(a: CheckResult, b: CheckResult): number {
  return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
}

/** The cause without the artifact key in front, so one failed sign-in reads the same for every check. */
function sharedCause(check: CheckResult): { cause: string; artifact?: string } {
  const text = check.reason ?? check.message;
  const m = /^([a-z]+\.[A-Za-z0-9]+): (.+)$/s.exec(text);
  return m ? { cause: m[2]!, artifact: m[1]! } : { cause: text };
}

/** The human report: the verdict, a summary per area, then every check that needs attention. */
export function renderConsole(result: ScanResult, opts: ConsoleOptions): string {
  const columns = consoleColumns(opts.columns);
  const width = Math.max(columns, 30); // layout width; the last pass cuts to `columns` whatever it is
  const paint = painter(opts.color);
  const verbose = Boolean(opts.verbose);
  const out: string[] = [];
  const para = (text: string, first = '', rest?: string) => out.push(...wrap(text, width, first, rest));

  const tenant = result.target.tenant ? termSafe(result.target.tenant) : '(no tenant)';
  para(
    `hybridscan ${termSafe(result.tool.version)}: ${tenant}${result.target.tenantId ? ` (${termSafe(result.target.tenantId)})` : ''}`,
  );
  para(verdictLine(result, opts));
  if (result.incomplete) para(paint('magenta', `Scan incomplete: ${termSafe(result.incomplete.reason)}`));
  out.push('');

  out.push(...areaLines(result, paint, opts.color, width));
  const sources = result.sources.map(
    (s) => `${s.id}: ${s.status}${s.requests ? ` (${plural(s.requests, 'request')})` : ''}`,
  );
  if (sources.length) para(sources.join(', '), 'Sources: ', '  ');
  out.push('');

  const attention = result.checks
    .filter(
      (c) => verbose || ['fail', 'warn', 'error'].includes(c.status) || c.findings.some((f) => f.exception),
    )
    .sort(byAttention);
  // Checks that could not run for one shared cause are one block naming them all.
  const groups = new Map<string, CheckResult[]>();
  for (const c of attention) {
    if ((c.status !== 'error' && c.status !== 'skipped') || c.findings.length || (verbose && c.stack))
      continue;
    const key = `${c.status}\u0000${sharedCause(c).cause}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const printed = new Set<CheckResult[]>();
  for (const check of attention) {
    const group = [...groups.values()].find((g) => g.length > 1 && g.includes(check));
    if (group) {
      if (printed.has(group)) continue;
      printed.add(group);
      out.push(...groupLines(group, paint, width));
    } else out.push(...renderCheck(check, paint, opts.color, width, verbose));
  }

  const skipped = result.checks.filter((c) => c.status === 'skipped');
  if (skipped.length && !verbose) {
    const reasons = new Map<string, CheckResult[]>();
    for (const c of skipped) {
      const why = c.reason || c.message;
      reasons.set(why, [...(reasons.get(why) ?? []), c]);
    }
    para(paint('gray', `${plural(skipped.length, 'check')} skipped:`));
    for (const [why, checks] of reasons) {
      out.push(...wrap(termSafe(why), width, `  ${checks.length} × `, '      ').map((l) => paint('gray', l)));
      out.push(
        ...wrap(checks.map((c) => c.id).join(', '), width, '      ', '      ').map((l) => paint('gray', l)),
      );
    }
    out.push('');
  }

  const s = result.summary;
  para(
    `${plural(result.checks.length, 'check')}: ${paint('green', `${s.pass} passed`)}, ${paint('red', `${s.fail} failed`)}, ` +
      `${paint('yellow', plural(s.warn, 'warning'))}, ${s.info} info, ${paint('magenta', plural(s.error, 'error'))}, ${s.skipped} skipped ` +
      `(${result.durationMs} ms)`,
  );
  if (result.baseline) out.push(...baselineLines(result.baseline, paint, width));
  const expired = result.exceptions.filter((e) => e.state === 'expired');
  for (const e of expired)
    para(
      paint(
        'yellow',
        `Exception for ${termSafe(e.check)}${e.target ? ` / ${termSafe(e.target)}` : ''} expired on ${termSafe(e.expires ?? '')}: no longer applied`,
      ),
    );
  para(paint('bold', `Next: ${nextStep(result)}`));
  return `${out.map((l) => truncate(l, columns)).join('\n')}\n`;
}

/** The per-area table when it fits the terminal, else one line per area. */
function areaLines(result: ScanResult, paint: Paint, color: boolean, width: number): string[] {
  const counts = (s: ScanResult['summary']) =>
    (['pass', 'fail', 'warn', 'info', 'error', 'skipped'] as const)
      .filter((k) => s[k])
      .map((k) => `${s[k]} ${k}`)
      .join(', ') || 'no checks';
  const table = new Table({
    head: ['Area', 'Verdict', 'Pass', 'Fail', 'Warn', 'Info', 'Error', 'Skipped'],
    // cli-table3 colours through @colors/colors, which ignores NO_COLOR: switch its styles off explicitly.
    style: color ? { head: ['bold'] } : { head: [], border: [] },
  });
  for (const a of result.areas) {
    const [text, colour] = VERDICT_TEXT[a.verdict];
    const s = a.summary;
    table.push([
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
  const rendered = table.toString().split('\n');
  if (rendered.every((l) => visibleWidth(l) <= width)) return rendered;
  const titleWidth = Math.max(...result.areas.map((a) => a.title.length), 0);
  const aligned = width >= titleWidth + 20 + 24;
  return result.areas.flatMap((a) => {
    const [text, colour] = VERDICT_TEXT[a.verdict];
    const verdict = text.toLowerCase();
    if (aligned) {
      const first = `${a.title.padEnd(titleWidth)}  ${paint(colour, verdict)}${' '.repeat(20 - verdict.length)}`;
      return wrap(counts(a.summary), width, first, ' '.repeat(titleWidth + 22));
    }
    return wrap(`${paint(colour, verdict)} (${counts(a.summary)})`, width, `${a.title}: `, '    ');
  });
}

function tag(status: Status, paint: Paint): string {
  return paint(STATUS_COLOUR[status], status.toUpperCase().padEnd(5));
}

/** Checks that could not run for the same cause: one block naming them all. */
function groupLines(group: CheckResult[], paint: Paint, width: number): string[] {
  const status = group[0]!.status;
  const { cause } = sharedCause(group[0]!);
  const artifacts = [...new Set(group.map((c) => sharedCause(c).artifact).filter(Boolean))];
  const what = status === 'error' ? 'could not run' : 'were skipped';
  const out = [
    ...wrap(
      `${paint('bold', `${group.length} checks ${what}`)}: ${termSafe(cause)}`,
      width,
      `${tag(status, paint)} `,
      '      ',
    ),
    ...wrap(
      group.map((c) => `${c.id}${baselineMark(c.baselineState)}`).join(', '),
      width,
      '      checks: ',
      '        ',
    ),
  ];
  if (artifacts.length)
    out.push(
      ...wrap(artifacts.map((a) => termSafe(a!)).join(', '), width, '      not collected: ', '        '),
    );
  out.push('');
  return out;
}

function renderCheck(
  check: CheckResult,
  paint: Paint,
  color: boolean,
  width: number,
  verbose: boolean,
): string[] {
  const out: string[] = [];
  out.push(
    ...wrap(
      `${paint('bold', check.id)}${baselineMark(check.baselineState)}  ${termSafe(check.message)}`,
      width,
      `${tag(check.status, paint)} `,
      '      ',
    ),
  );
  if (check.reason && (check.status === 'error' || check.status === 'skipped'))
    out.push(...wrap(termSafe(check.reason), width, '      cause: ', '        '));
  if (verbose && check.stack)
    for (const line of check.stack.split('\n'))
      out.push(...wrap(termSafe(line), width, '        ', '          '));
  const shown = check.findings.filter((f) => f.status !== 'pass' || f.exception);
  if (shown.length) {
    const listed = shown.slice(0, MAX_FINDINGS);
    out.push(
      ...(findingTable(listed, paint, color, width) ?? listed.flatMap((f) => findingLines(f, paint, width))),
    );
    if (shown.length > MAX_FINDINGS)
      out.push(
        ...wrap(
          `… and ${shown.length - MAX_FINDINGS} more: \`hybridscan explain ${check.id} --result hybridscan.json\` lists them all`,
          width,
          '      ',
        ),
      );
  }
  if (check.status === 'fail' || check.status === 'warn') {
    out.push(...remediationLines(check.remediation, width));
    if (check.docs[0]) out.push(...wrap(termSafe(check.docs[0]), width, '      docs: ', '        '));
  }
  out.push('');
  return out;
}

function findingStatus(f: ResultFinding): string {
  const status = f.exception ? `${f.status} (was ${f.exception.originalStatus})` : f.status;
  return `${status}${baselineMark(f.baselineState)}`;
}

/** `--baseline`: what is new or changed since then is marked; unchanged findings carry no mark. */
function baselineMark(state: BaselineState | undefined): string {
  return state === 'new' ? ' NEW' : state === 'changed' ? ' CHANGED' : state === 'fixed' ? ' FIXED' : '';
}

/** "Since the baseline (…): 2 new, 1 fixed, 14 unchanged", then the fixed findings by name. */
export function baselineText(b: BaselineSummary): string {
  const parts = [`${b.new} new`, `${b.fixed} fixed`, ...(b.changed ? [`${b.changed} changed`] : [])];
  return `${parts.join(', ')}, ${b.unchanged} unchanged`;
}

function baselineLines(b: BaselineSummary, paint: Paint, width: number): string[] {
  const out = wrap(
    `Since the baseline ${termSafe(b.file)} (${termSafe(b.startedAt)}, ${termSafe(b.verdict)}): ${baselineText(b)}`,
    width,
  ).map((l) => paint('bold', l));
  const shown = b.fixedFindings.slice(0, MAX_FINDINGS);
  for (const f of shown)
    out.push(
      ...wrap(
        `${termSafe(f.check)}  ${termSafe(f.target.label)} (was ${f.before})`,
        width,
        `  ${paint('green', 'FIXED')}  `,
        '         ',
      ),
    );
  if (b.fixedFindings.length > shown.length)
    out.push(`         … and ${b.fixedFindings.length - shown.length} more fixed`);
  return out;
}

function evidenceEntries(f: ResultFinding): [string, string][] {
  return f.evidence
    ? Object.entries(f.evidence)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [termSafe(k), inline(v, 120)])
    : [];
}

/** Findings as a table on a wide terminal; undefined when the terminal is too narrow for one. */
function findingTable(
  findings: ResultFinding[],
  paint: Paint,
  color: boolean,
  width: number,
): string[] | undefined {
  if (width < TABLE_MIN_COLUMNS) return undefined;
  // Borders and padding take 13 columns; after the status, target : finding : evidence get 28 : 34 : 38.
  const room = Math.min(width, 160) - 13;
  const status = 9;
  const target = Math.floor(((room - status) * 28) / 100);
  const finding = Math.floor(((room - status) * 34) / 100);
  const evidence = room - status - target - finding;
  const table = new Table({
    head: ['Status', 'Target', 'Finding', 'Evidence'],
    style: color ? { head: ['bold'] } : { head: [], border: [] },
    wordWrap: true,
    colWidths: [status + 2, target + 2, finding + 2, evidence + 2],
  });
  for (const f of findings)
    table.push([
      paint(STATUS_COLOUR[f.status], findingStatus(f)),
      termSafe(f.target.label),
      termSafe(f.message),
      evidenceEntries(f)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    ]);
  const lines = table.toString().split('\n');
  return lines.every((l) => visibleWidth(l) <= width) ? lines : undefined;
}

/** One finding as lines: status and target, the message, then each piece of evidence. */
function findingLines(f: ResultFinding, paint: Paint, width: number): string[] {
  const status = paint(STATUS_COLOUR[f.status], findingStatus(f));
  return [
    ...wrap(termSafe(f.target.label), width, `  ${status}  `, '        '),
    ...wrap(termSafe(f.message), width, '        ', '        '),
    ...evidenceEntries(f).flatMap(([k, v]) => wrap(v, width, `        ${k}: `, '          ')),
  ];
}

/** The fix, with commands and records indented on their own lines so they can be copied. */
function remediationLines(r: CheckResult['remediation'], width: number): string[] {
  const out = wrap(termSafe(r.text), width, '      fix: ', '        ');
  if (r.portal) out.push(...wrap(termSafe(r.portal), width, '      portal: ', '        '));
  if (r.powershell?.length)
    out.push(
      '      PowerShell:',
      ...r.powershell.flatMap((c) => fill(termSafe(c), width, '          ', '            ')),
    );
  if (r.dns?.length)
    out.push('      DNS:', ...r.dns.flatMap((d) => fill(termSafe(d), width, '          ', '            ')));
  return out;
}
