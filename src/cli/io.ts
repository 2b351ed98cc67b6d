import { createRequire } from 'node:module';
import type { Ora } from 'ora';
import { throttle } from '../util/throttle.ts';

/** ora is loaded only when a spinner is shown: a piped or CI run never pays for it at start-up. */
const loadOra = (): typeof import('ora').default =>
  (createRequire(import.meta.url)('ora') as typeof import('ora')).default;

/** Progress lines change at most this often (about 4 a second), however fast pages arrive. */
export const PROGRESS_INTERVAL_MS = 250;

/** Where a command writes; tests pass their own. */
export interface CliIo {
  /** Where `init` reads its answers; it asks only when this and stdout are terminals. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * `hybridscan checks | head -1` closes the pipe early: that is the reader's choice, not a fault, so
 * the rest of the output is dropped quietly and the command still ends with its own exit code.
 */
function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    throw err;
  });
}

/** NO_COLOR (any non-empty value), FORCE_COLOR=0 or TERM=dumb: nothing is coloured, on any stream. */
function colorDisabled(env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return true;
  return env.FORCE_COLOR === '0' || env.TERM === 'dumb';
}

export function useColor(io: CliIo): boolean {
  return !colorDisabled(io.env) && Boolean(io.stdout.isTTY);
}

/** The width to lay out for: the terminal's, else COLUMNS from the environment, else 80. */
export function columnsOf(stream: CliIo['stdout'], io: Pick<CliIo, 'env'>): number {
  if (stream.isTTY && stream.columns && stream.columns > 0) return stream.columns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

export interface Progress {
  update(source: string, text: string): void;
  stop(finalText?: string): void;
}

/**
 * A spinner on stderr only for a real terminal: ora loops forever on a TTY that reports 0 columns,
 * and CI logs want no animation.
 */
export function startProgress(io: CliIo, quiet: boolean): Progress {
  const enabled = !quiet && Boolean(io.stderr.isTTY) && (io.stderr.columns ?? 0) > 0 && !io.env.CI;
  if (!enabled) return { update() {}, stop() {} };
  const plain = colorDisabled(io.env);
  const spinner: Ora = loadOra()({
    stream: io.stderr,
    text: 'Collecting…',
    isEnabled: true,
    discardStdin: false,
    // ora colours the spinner (color) and the ✔ of succeed() on its own: both off under NO_COLOR.
    ...(plain ? { color: false as const } : {}),
  }).start();
  // Sources collect concurrently: the line shows the latest step of each, in the order they started.
  const latest = new Map<string, string>();
  const render = throttle<void>(() => {
    const width = Math.max(20, (io.stderr.columns ?? 80) - 3);
    const line = [...latest].map(([source, text]) => `${source}: ${text}`).join(' · ');
    spinner.text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }, PROGRESS_INTERVAL_MS);
  return {
    update(source, text) {
      latest.set(source, text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
      render.push();
    },
    stop(finalText) {
      render.cancel();
      if (finalText && plain) spinner.stopAndPersist({ symbol: '✔', text: finalText });
      else if (finalText) spinner.succeed(finalText);
      else spinner.stop();
    },
  };
}
