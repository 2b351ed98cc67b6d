import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CliIo, PROGRESS_INTERVAL_MS, startProgress } from '../../src/cli/io.ts';

function stream(tty: boolean) {
  const s = Object.assign(new PassThrough(), {
    isTTY: tty,
    columns: tty ? 100 : undefined,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  });
  const chunks: string[] = [];
  s.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { s, text: () => chunks.join('') };
}

const ioWith = (stderr: CliIo['stderr'], env: NodeJS.ProcessEnv = {}): CliIo => ({
  stdout: new PassThrough(),
  stderr,
  env,
  cwd: '.',
});

function feedPages(progress: ReturnType<typeof startProgress>) {
  for (let n = 1000; n <= 100_000; n += 1000) progress.update('ldap', `AD users ${n.toLocaleString('en')}`);
  progress.update('graph', 'Entra users 12,000');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress', () => {
  it('prints nothing when stderr is not a terminal, or under CI, or with --quiet', () => {
    for (const [tty, env, quiet] of [
      [false, {}, false],
      [true, { CI: 'true' }, false],
      [true, {}, true],
    ] as const) {
      const err = stream(tty);
      const progress = startProgress(ioWith(err.s, env), quiet);
      feedPages(progress);
      progress.stop('Collected from 2 sources in 10 ms');
      expect(err.text()).toBe('');
    }
  });

  it('on a terminal shows each source’s latest count, throttled to ~4 updates a second', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    });
    const err = stream(true);
    const progress = startProgress(ioWith(err.s, { NO_COLOR: '1' }), false);
    feedPages(progress); // 101 updates at one instant: the first shows, the last waits its turn
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS + 100);
    progress.stop('Collected from 2 sources in 10 ms');
    const out = err.text();
    expect(out).toContain('ldap: AD users 1,000');
    expect(out).toContain('ldap: AD users 100,000 · graph: Entra users 12,000');
    expect(out).not.toContain('AD users 50,000'); // the burst in between never reached the screen
    expect(out).toContain('Collected from 2 sources in 10 ms');
  });
});
