import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';

async function demo(...flags: string[]) {
  const io = memoryIo();
  const code = await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet', ...flags], io);
  return { code, io };
}

describe('--only / --skip on the demo', () => {
  it('--only onprem runs the on-premises AD and Exchange checks and collects only what they read', async () => {
    const { code, io } = await demo('--only', 'onprem');
    expect(code, io.err()).toBe(0);
    const result = JSON.parse(io.out()) as ScanResult;
    expect(result.checks.length).toBeGreaterThan(10);
    expect(new Set(result.checks.map((c) => c.area))).toEqual(new Set(['ad', 'exch']));
    expect(result.sources.find((s) => s.id === 'ldap')?.status).toBe('ok');
    expect(result.sources.find((s) => s.id === 'http')?.status).toBe('not-needed');
  });

  it('--only nosuch is a usage error (exit 2) naming the pattern', async () => {
    const { code, io } = await demo('--only', 'nosuch');
    expect(code).toBe(2);
    expect(io.err()).toMatch(/--only nosuch: matches no check/);
    expect(io.out()).toBe('');
  });
});
