import ora, { type Ora } from 'ora';

/** Where a command writes; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
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

export function useColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR === '0' || io.env.TERM === 'dumb') return false;
  return Boolean(io.stdout.isTTY);
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
  const spinner: Ora = ora({
    stream: io.stderr,
    text: 'Collecting…',
    isEnabled: true,
    discardStdin: false,
  }).start();
  return {
    update(source, text) {
      spinner.text = `${source}: ${text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}`;
    },
    stop(finalText) {
      if (finalText) spinner.succeed(finalText);
      else spinner.stop();
    },
  };
}
