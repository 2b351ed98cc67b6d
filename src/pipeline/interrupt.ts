import type { ExitCode } from './exit-code.ts';

/** Why collection stopped, as recorded in the snapshot's `incomplete.reason`. */
const REASONS: Record<'SIGINT' | 'SIGTERM', string> = {
  SIGINT: 'interrupted by user (Ctrl-C)',
  // CI cancel, `timeout`, `docker stop` and systemd all send SIGTERM: treat it like a first Ctrl-C.
  SIGTERM: 'terminated (SIGTERM)',
};

interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * While collecting, the first SIGINT or SIGTERM stops collection so that what arrived is still
 * saved and judged (the snapshot is marked incomplete); a second one exits at once.
 */
export function listenForInterrupt(notice: (text: string) => void, killedCode: ExitCode): Interrupt {
  const controller = new AbortController();
  const onSignal = (name: 'SIGINT' | 'SIGTERM') => {
    if (controller.signal.aborted) process.exit(killedCode);
    notice(
      `\n${name === 'SIGINT' ? 'Interrupted' : 'Terminated'}: stopping collection and writing what was collected (Ctrl-C again to quit now)\n`,
    );
    controller.abort(REASONS[name]);
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
