import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FILE_NAMES, type Format } from '../../reports/formats.ts';
import type { LoadedConfig } from '../config/load.ts';
import { applyBaseline, checkSameTenant } from '../engine/baseline.ts';
import type { ScanResult } from '../engine/types.ts';
import type { FailOn } from '../engine/verdict.ts';
import { type ExitCode, evaluateSnapshot, exitCodeOf, type PipelineHooks, scan } from '../pipeline.ts';
import { writeFileAtomic } from '../snapshot/io.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { UsageError } from '../util/errors.ts';
import { wrap } from '../util/width.ts';
import { type CliIo, columnsOf, type Progress, startProgress, useColor } from './io.ts';

export interface OutputFlags {
  formats: Format[];
  out?: string;
  /** `new`: only what is new since `baseline` sets the exit code (needs `baseline`). */
  failOn: FailOn | 'new';
  /** `--baseline FILE`: the earlier result every finding is compared with. */
  baseline?: { file: string; result: ScanResult };
  only?: string[];
  skip?: string[];
  quiet: boolean;
  verbose: boolean;
}

export interface CollectFlags {
  timeoutMs?: number;
  saveSnapshot?: string;
  anonymize?: boolean;
}

/** Pipeline hooks that talk to the terminal: notices on stderr, progress in the spinner. */
export function cliHooks(io: CliIo, progress?: Progress): PipelineHooks {
  return {
    env: io.env,
    cwd: io.cwd,
    notice: (text) => io.stderr.write(text),
    progress: progress ? (source, text) => progress.update(source, text) : undefined,
    collected: progress ? (s) => progress.stop(collectedText(s)) : undefined,
  };
}

function collectedText(snapshot: Snapshot): string {
  const used = Object.values(snapshot.sources).filter(
    (s) => s.status !== 'not-configured' && s.status !== 'not-needed',
  );
  return `Collected from ${used.length} sources in ${snapshot.durationMs} ms`;
}

/** A path flag must not name the wrong kind of thing: say so before minutes are spent collecting. */
export function checkPathFlag(flag: string, path: string | undefined, want: 'file' | 'dir', io: CliIo): void {
  if (path === undefined) return;
  let isDir: boolean;
  try {
    isDir = statSync(resolve(io.cwd, path)).isDirectory();
  } catch {
    return; // does not exist yet: it will be created
  }
  if (want === 'dir' && !isDir) throw new UsageError(`${flag} ${path}: is a file; expected a directory`);
  if (want === 'file' && isDir) throw new UsageError(`${flag} ${path}: is a directory; expected a file name`);
}

/** Report and snapshot paths are checked when the flags are read, before anything is started. */
export function checkOutputPaths(
  flags: Pick<OutputFlags & CollectFlags, 'out' | 'saveSnapshot'>,
  io: CliIo,
): void {
  checkPathFlag('--out', flags.out, 'dir', io);
  checkPathFlag('--save-snapshot', flags.saveSnapshot, 'file', io);
}

export async function scanAndReport(
  loaded: LoadedConfig,
  flags: OutputFlags & CollectFlags,
  io: CliIo,
): Promise<ExitCode> {
  // Another tenant's result as the baseline is a usage error before anything is contacted.
  if (flags.baseline && !flags.anonymize && loaded.config.tenant)
    checkSameTenant(flags.baseline.result, { tenant: loaded.config.tenant }, flags.baseline.file);
  const progress = startProgress(io, flags.quiet);
  try {
    const outcome = await scan(
      {
        ...flags,
        failOn: pipelineFailOn(flags),
        loaded,
        defaultSnapshotDir: resolve(io.cwd, flags.out ?? '.'),
      },
      cliHooks(io, progress),
    );
    if (outcome.credentialFailures) {
      io.stderr.write(
        `hybridscan: cannot sign in to any configured source, nothing was scanned:\n${outcome.credentialFailures.map((m) => `  - ${m}`).join('\n')}\n`,
      );
    }
    if (outcome.snapshotFile && (!flags.quiet || outcome.snapshot.incomplete))
      io.stderr.write(`Snapshot written to ${outcome.snapshotFile}\n`);
    if (!outcome.result) return outcome.exitCode;
    const judged = againstBaseline(outcome.result, outcome.exitCode, flags);
    await writeReports(judged.result, flags, io);
    return judged.exitCode;
  } finally {
    progress.stop();
  }
}

/** Audits a saved snapshot and writes the reports; returns the exit code. */
export async function evaluateAndReport(
  snapshot: Snapshot,
  config: LoadedConfig | undefined,
  snapshotName: string,
  flags: OutputFlags,
  io: CliIo,
): Promise<ExitCode> {
  const evaluated = await evaluateSnapshot(
    snapshot,
    { ...flags, failOn: pipelineFailOn(flags), config, snapshotName },
    cliHooks(io),
  );
  const { result, exitCode } = againstBaseline(evaluated.result, evaluated.exitCode, flags);
  await writeReports(result, flags, io);
  return exitCode;
}

/** `--fail-on new` is decided here, against the baseline: the pipeline judges with `never`. */
function pipelineFailOn(flags: OutputFlags): FailOn {
  return flags.failOn === 'new' ? 'never' : flags.failOn;
}

/**
 * Marks the findings against `--baseline` (new, changed, unchanged, fixed). With `--fail-on new`
 * the exit code counts only what is new; a usage error or a second Ctrl-C keeps its own code.
 */
function againstBaseline(
  result: ScanResult,
  exitCode: ExitCode,
  flags: OutputFlags,
): { result: ScanResult; exitCode: ExitCode } {
  if (!flags.baseline) return { result, exitCode };
  checkSameTenant(flags.baseline.result, result.target, flags.baseline.file);
  const marked = applyBaseline(result, flags.baseline.result, flags.baseline.file);
  if (flags.failOn !== 'new' || exitCode === 2 || exitCode === 130) return { result: marked, exitCode };
  const { newFailures, newErrors } = marked.baseline!;
  return { result: marked, exitCode: exitCodeOf({ kind: 'against-baseline', newFailures, newErrors }) };
}

/** The renderers (cli-table3, the HTML, SARIF, JUnit and Markdown writers) load only here. */
async function writeReports(result: ScanResult, flags: OutputFlags, io: CliIo): Promise<void> {
  const { render } = await import('../../reports/index.ts');
  const { baselineText, nextStep, verdictLine } = await import('../../reports/console.ts');
  const verdictSummary = (color: boolean, columns: number): string => {
    const since = result.baseline
      ? wrap(`Since the baseline: ${baselineText(result.baseline)}`, columns)
      : [];
    return [
      ...wrap(verdictLine(result, { color }), columns),
      ...since,
      ...wrap(`Next: ${nextStep(result)}`, columns),
    ]
      .map((l) => `${l}\n`)
      .join('');
  };
  const color = useColor(io);
  const withConsole = flags.formats.includes('console');
  if (flags.out) {
    const dir = resolve(io.cwd, flags.out);
    mkdirSync(dir, { recursive: true });
    for (const format of flags.formats) {
      writeFileAtomic(
        join(dir, FILE_NAMES[format]),
        render(result, format, { color: false, verbose: true, columns: FILE_COLUMNS }),
      );
    }
    if (flags.quiet) return;
    const written = `Reports written to ${dir}: ${flags.formats.map((f) => FILE_NAMES[f]).join(', ')}\n`;
    if (withConsole) {
      io.stdout.write(
        render(result, 'console', { color, verbose: flags.verbose, columns: columnsOf(io.stdout, io) }),
      );
      io.stderr.write(written);
    } else {
      // No console report: the verdict, where the reports are and what to do next still reach the reader.
      io.stdout.write(verdictSummary(color, columnsOf(io.stdout, io)) + written);
    }
    return;
  }
  // Without --out, a machine format owns stdout so it stays parseable; the console report moves to stderr.
  const machine = flags.formats.find((f) => f !== 'console');
  if (machine) io.stdout.write(render(result, machine, { color: false }));
  if (flags.quiet) return;
  if (withConsole) {
    const stream = machine ? io.stderr : io.stdout;
    stream.write(
      render(result, 'console', {
        color: machine ? false : color,
        verbose: flags.verbose,
        columns: columnsOf(stream, io),
      }),
    );
  } else {
    io.stderr.write(verdictSummary(false, columnsOf(io.stderr, io)));
  }
}

/** A report written to a file has no terminal: it is laid out for 80 columns. */
const FILE_COLUMNS = 80;
