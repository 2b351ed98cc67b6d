import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.ts';
import { memoryIo } from './io.ts';

/**
 * A CliIo whose stdin and stdout claim to be a terminal. Each answer is written to stdin when the
 * next prompt (a line ending in ": ") appears on stdout, as a person would type it.
 */
export function ttyIo(answers: string[], cwd: string): CliIo & { out(): string; err(): string } {
  const io = memoryIo({}, cwd);
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  Object.assign(io.stdout, { isTTY: true, columns: 100 });
  const queue = [...answers];
  let seen = 0;
  (io.stdout as PassThrough).on('data', () => {
    const prompts = io.out().split(': ').length - 1;
    while (seen < prompts) {
      seen++;
      const next = queue.shift();
      if (next === undefined) stdin.end();
      else stdin.write(`${next}\n`);
    }
  });
  return { ...io, stdin };
}
