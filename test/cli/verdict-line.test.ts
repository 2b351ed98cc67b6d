import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import chalk from 'chalk';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'hybridscan-verdict-'));
const snapshot = join(process.cwd(), 'fixtures/golden/contoso-gcc-high.snapshot.json');

async function evaluate(...flags: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', 'evaluate', snapshot, ...flags], io);
  return { code, out: io.out(), err: io.err() };
}

describe('the verdict is printed whatever the formats', () => {
  it('--format html --out DIR: the verdict, the next step and where the report is, on stdout', async () => {
    const r = await evaluate('--format', 'html', '--out', 'reports');
    expect(r.code).toBe(1);
    // The golden snapshots were re-collected at Sep26SUv2 (commit 2997716): the build fingerprint
    // passes again, so the fails left are the GCC High tenant's.
    const flat = r.out.replace(/\s+/g, ' ');
    expect(flat).toContain('Verdict: NOT READY — 3 failed, 17 errors (72 checks)');
    expect(flat).toContain('Next: 3 fails — run `hybridscan explain tenant.global-cloud` for the fix');
    expect(r.out).toContain(`Reports written to ${join(dir, 'reports')}: hybridscan.html`);
    expect(readFileSync(join(dir, 'reports', 'hybridscan.html'), 'utf8')).toContain('<html');
  });

  it('--format json to stdout stays pure JSON; the verdict goes to stderr', async () => {
    const r = await evaluate('--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).verdict).toBe('not-ready');
    expect(r.err).toContain('Verdict: NOT READY');
  });

  it('--quiet prints nothing', async () => {
    const r = await evaluate('--format', 'html', '--out', 'quiet', '--quiet');
    expect(r.out).toBe('');
    expect(r.err).toBe('');
  });

  it('the file console report is laid out for 80 columns', async () => {
    await evaluate('--format', 'console', '--out', 'txt', '--quiet');
    const text = readFileSync(join(dir, 'txt', 'hybridscan.txt'), 'utf8');
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});

describe('NO_COLOR', () => {
  /** A stream that says it is an 80-column terminal and records what the spinner writes. */
  function fakeTerminal() {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 80,
      cursorTo: () => true,
      moveCursor: () => true,
      clearLine: () => true,
    });
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    return { stream, text: () => chunks.join('') };
  }

  function spin(env: NodeJS.ProcessEnv): string {
    const level = chalk.level;
    chalk.level = 1; // as on a colour terminal, whatever runs the tests
    try {
      const term = fakeTerminal();
      const progress = startProgress({ stdout: term.stream, stderr: term.stream, env, cwd: dir }, false);
      progress.update('graph', 'reading users');
      progress.stop('Collected from 3 sources');
      return term.text();
    } finally {
      chalk.level = level;
    }
  }

  const SGR = /\u001b\[[0-9;]*m/; // a colour or style code (cursor movement is not one)

  it('switches off the spinner colour and the coloured tick', () => {
    expect(spin({})).toMatch(SGR); // the control: a colour terminal does get colour
    const plain = spin({ NO_COLOR: '1' });
    expect(plain).toContain('Collected from 3 sources');
    expect(plain).not.toMatch(SGR);
  });
});
