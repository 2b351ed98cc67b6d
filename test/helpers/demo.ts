import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from './io.ts';

/** Runs `hybridscan demo --scenario NAME --format json --quiet` in-process; exit code and parsed result. */
export async function runDemo<T = ScanResult>(scenario: string): Promise<{ code: number; result: T }> {
  const io = memoryIo();
  const code = await main(
    ['node', 'hybridscan', 'demo', '--scenario', scenario, '--format', 'json', '--quiet'],
    io,
  );
  return { code, result: JSON.parse(io.out()) as T };
}
