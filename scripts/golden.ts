// Regenerates the golden fixtures, only when a change of output is intended (say why in the commit).
//   node bin/run-ts.js scripts/golden.ts [scenario...]   new snapshots of the demo scenarios
//   node bin/run-ts.js scripts/golden.ts --results       re-evaluate the committed snapshots only
// A snapshot is kept as it was collected: old snapshots must keep evaluating.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.ts';
import type { ScanResult } from '../src/engine/types.ts';
import {
  FULL_RESULT_SCENARIOS,
  GOLDEN_DIR,
  goldenScenarios,
  statusesOf,
  stripTimings,
} from '../test/golden/golden.ts';
import { memoryIo } from '../test/helpers/io.ts';

const args = process.argv.slice(3);
const resultsOnly = args.includes('--results');
const wanted = args.filter((a) => !a.startsWith('--'));
// Scaled scenarios (contoso-2000) have no golden: see goldenScenarios.
const scenarios = goldenScenarios().filter((s) => !wanted.length || wanted.includes(s));
mkdirSync(GOLDEN_DIR, { recursive: true });
for (const scenario of scenarios) {
  const snapshotFile = join(GOLDEN_DIR, `${scenario}.snapshot.json`);
  const io = memoryIo();
  const output = ['--format', 'json', '--quiet'];
  let code: number;
  if (resultsOnly) {
    if (!existsSync(snapshotFile)) continue;
    code = await main(['node', 'hybridscan', 'evaluate', snapshotFile, ...output], io);
  } else {
    const demo = ['node', 'hybridscan', 'demo', '--scenario', scenario, ...output];
    code = await main([...demo, '--save-snapshot', snapshotFile], io);
  }
  if (!io.out()) {
    // A scenario that stops before evaluating (every credential rejected) has no result to keep.
    rmSync(snapshotFile, { force: true });
    console.log(`${scenario}: exit ${code}, no result (${io.err().split('\n')[0]})`);
    continue;
  }
  const result = JSON.parse(io.out()) as ScanResult;
  const golden = { exitCode: code, ...statusesOf(result) };
  writeFileSync(join(GOLDEN_DIR, `${scenario}.statuses.json`), `${JSON.stringify(golden, null, 2)}\n`);
  if (FULL_RESULT_SCENARIOS.includes(scenario))
    writeFileSync(
      join(GOLDEN_DIR, `${scenario}.result.json`),
      `${JSON.stringify(stripTimings(result), null, 2)}\n`,
    );
  console.log(`${scenario}: exit ${code}, ${result.verdict}`);
}
