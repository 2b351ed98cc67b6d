import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { memoryIo } from '../helpers/io.ts';
import { FULL_RESULT_SCENARIOS, GOLDEN_DIR, goldenScenarios, statusesOf, stripTimings } from './golden.ts';

// Committed snapshots of every demo scenario, evaluated as a support engineer would evaluate an
// old customer snapshot: a refactor must give the same statuses, and old snapshots must keep
// evaluating. Regenerate only for an intended verdict change (scripts/golden.ts).
const scenarios = readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.snapshot.json'))
  .map((f) => f.replace(/\.snapshot\.json$/, ''));

async function evaluateGolden(scenario: string): Promise<{ exitCode: number; result: ScanResult }> {
  const io = memoryIo();
  const file = join(GOLDEN_DIR, `${scenario}.snapshot.json`);
  const exitCode = await main(['node', 'hybridscan', 'evaluate', file, '--format', 'json', '--quiet'], io);
  expect(io.out(), io.err()).not.toBe('');
  return { exitCode, result: JSON.parse(io.out()) as ScanResult };
}

const read = (file: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8'));

describe('golden snapshots', () => {
  it('covers every demo scenario that gets as far as a result', () => {
    // graph-wrong-secret stops at sign-in (exit 2) before anything is evaluated.
    const expected = goldenScenarios().filter((s) => s !== 'graph-wrong-secret');
    expect(scenarios.sort()).toEqual(expected.sort());
  });

  it.each(scenarios)('%s evaluates to its committed statuses', async (scenario) => {
    const { exitCode, result } = await evaluateGolden(scenario);
    expect({ exitCode, ...statusesOf(result) }).toEqual(read(`${scenario}.statuses.json`));
  });

  it.each(FULL_RESULT_SCENARIOS)('%s evaluates to its committed ScanResult', async (scenario) => {
    const { result } = await evaluateGolden(scenario);
    expect(stripTimings(result)).toEqual(read(`${scenario}.result.json`));
  });
});
