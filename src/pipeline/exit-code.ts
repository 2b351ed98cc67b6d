import type { Status } from '../engine/types.ts';
import type { FailOn } from '../engine/verdict.ts';

/** The exit codes of the command-line contract (DESIGN.md, "Command line"). */
export type ExitCode = 0 | 1 | 2 | 3 | 130;

export type Outcome =
  /** Bad flags or config, or every credential rejected: nothing was scanned. */
  | { kind: 'usage-error' }
  /** A second Ctrl-C/SIGTERM: the user wants out now, whatever was collected. */
  | { kind: 'killed' }
  /** Evidence gathered (collect): no checks ran, so only completeness matters. */
  | { kind: 'collected'; incomplete: boolean }
  /** Two results compared (diff): something got worse or not. */
  | { kind: 'compared'; regressed: boolean }
  /**
   * Checks ran with `--baseline F --fail-on new`: only what is new since the baseline counts. A new
   * (or newly) failing finding exits 1; otherwise a newly erroring check exits 3 (that part of the
   * scan broke since last time); fails and errors the baseline already had do not change the code.
   */
  | { kind: 'against-baseline'; newFailures: number; newErrors: number }
  /** Checks ran (scan, demo, evaluate). */
  | { kind: 'evaluated'; statuses: readonly Status[]; failOn: FailOn; incomplete: boolean };

/**
 * The one place that turns what happened into an exit code. A real finding at or above --fail-on
 * wins over "incomplete": an interrupted or timed-out scan that already found failures exits 1,
 * so a scheduled job is never told "try again" about a problem that is certain.
 */
export function exitCodeOf(outcome: Outcome): ExitCode {
  switch (outcome.kind) {
    case 'usage-error':
      return 2;
    case 'killed':
      return 130;
    case 'compared':
      return outcome.regressed ? 1 : 0;
    case 'against-baseline':
      return outcome.newFailures > 0 ? 1 : outcome.newErrors > 0 ? 3 : 0;
    case 'collected':
      return outcome.incomplete ? 3 : 0;
    case 'evaluated': {
      const { statuses, failOn } = outcome;
      const hit = statuses.some((s) => s === 'fail' || (failOn === 'warn' && s === 'warn'));
      if (failOn !== 'never' && hit) return 1;
      if (outcome.incomplete || statuses.includes('error')) return 3;
      return 0;
    }
  }
}
