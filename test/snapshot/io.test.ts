import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphUser } from '../../src/evidence/graph.ts';
import { loadSnapshot, saveSnapshot } from '../../src/snapshot/io.ts';
import { scaledSnapshot } from '../helpers/scale.ts';

const dir = mkdtempSync(join(os.tmpdir(), 'hybridscan-snapshot-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadSnapshot', () => {
  // 1 user: every list is parsed whole and compacted afterwards; 2,000: the user lists are larger
  // than the reader's window and compacted record by record as they are read.
  it.each([1, 2000])('reads back the artifacts it saved, compacted in memory (%i extra users)', (n) => {
    const snapshot = scaledSnapshot(n);
    const file = join(dir, `s${n}.json`);
    saveSnapshot(file, snapshot);
    if (n > 1) expect(statSync(file).size).toBeGreaterThan(2 << 20);
    const loaded = loadSnapshot(file);
    expect(JSON.parse(JSON.stringify(loaded.artifacts))).toEqual(
      JSON.parse(JSON.stringify(snapshot.artifacts)),
    );
    const users = (loaded.artifacts['graph.users'] as { data: GraphUser[] }).data;
    const empty = users.filter((u) => u.serviceProvisioningErrors?.length === 0);
    expect(empty.length).toBeGreaterThan(1);
    expect(new Set(empty.map((u) => u.serviceProvisioningErrors)).size).toBe(1);
    expect(Object.isFrozen(empty[0]!.serviceProvisioningErrors)).toBe(true);
  });
});
