import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';
import { demoFingerprintStatus, demoReadyVerdict } from '../helpers/knowledge.ts';

describe('demo', () => {
  it('scans contoso-ready through the normal scan path and prints the contract JSON', async () => {
    const io = memoryIo();
    const code = await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet'], io);
    const result = JSON.parse(io.out());
    // The demo snapshot is taken now: the fingerprint warns only once data/exchange-builds.json is
    // more than 90 days old (the simulated server runs its newest update).
    expect(result.verdict).toBe(demoReadyVerdict());
    expect(
      result.checks.filter((c: { status: string }) => c.status === 'warn').map((c: { id: string }) => c.id),
    ).toEqual(demoFingerprintStatus() === 'warn' ? ['http.exchange-build-fingerprint'] : []);
    expect(result.target.tenantId).toBe('8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11');
    expect(result.checks.find((c: { id: string }) => c.id === 'tenant.global-cloud').status).toBe('pass');
    expect(code).toBe(0);
  });

  it('exits 1 with tenant.global-cloud failing for GCC High', async () => {
    const io = memoryIo();
    const code = await main(
      ['node', 'hybridscan', 'demo', '--scenario', 'contoso-gcc-high', '--format', 'json', '--quiet'],
      io,
    );
    const result = JSON.parse(io.out());
    expect(code).toBe(1);
    expect(result.verdict).toBe('not-ready');
    expect(result.checks.find((c: { id: string }) => c.id === 'tenant.global-cloud').status).toBe('fail');
  });
});
