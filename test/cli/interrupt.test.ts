import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';

// SIGTERM (CI cancel, `timeout`, `docker stop`, systemd) must behave like a first Ctrl-C.
describe.each([
  { signal: 'SIGINT' as const, reason: 'Ctrl-C', notice: 'Interrupted', saveSnapshot: false },
  { signal: 'SIGTERM' as const, reason: 'SIGTERM', notice: 'Terminated', saveSnapshot: true },
])('$signal during collection', ({ signal, reason, notice, saveSnapshot }) => {
  it('writes the snapshot and an incomplete result, then exits 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hybridscan-sigint-'));
    let connected!: () => void;
    const firstConnection = new Promise<void>((r) => {
      connected = r;
    });
    // Accepts and never answers: collection hangs until interrupted.
    const silent = createServer(() => connected());
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const config = join(dir, 'hybridscan.json');
    writeFileSync(
      config,
      JSON.stringify({
        tenant: 'contoso.onmicrosoft.com',
        endpoints: { login: `https://127.0.0.1:${port}`, caFile: TEST_CA_FILE },
      }),
    );

    const child = spawn(
      process.execPath,
      [
        resolve('bin/hybridscan.js'),
        'scan',
        '--config',
        config,
        '--format',
        'json',
        '--out',
        dir,
        ...(saveSnapshot ? ['--save-snapshot', join(dir, 'saved', 'evidence.json')] : []),
      ],
      {
        cwd: dir,
        env: { ...process.env, CI: 'true' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await Promise.race([
        firstConnection,
        new Promise((_, rej) => setTimeout(() => rej(new Error(`scan never connected: ${stderr}`)), 15_000)),
      ]);
      child.kill(signal);
      const code = await Promise.race([
        exited,
        new Promise<null>((_, rej) => setTimeout(() => rej(new Error(`no exit after ${signal}`)), 10_000)),
      ]);
      expect(code, stderr).toBe(3);
    } finally {
      child.kill('SIGKILL');
      silent.close();
    }
    const snapshotFile = saveSnapshot
      ? join(dir, 'saved', 'evidence.json')
      : join(dir, 'hybridscan-snapshot.json');
    expect(existsSync(snapshotFile)).toBe(true);
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(snapshot.incomplete.reason).toContain(reason);
    const result = JSON.parse(readFileSync(join(dir, 'hybridscan.json'), 'utf8'));
    expect(result.verdict).toBe('incomplete');
    expect(stderr).toContain(notice);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
