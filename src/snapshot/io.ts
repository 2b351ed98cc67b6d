import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { configSchema } from '../config/schema.ts';
import type { ScanResult } from '../engine/types.ts';
import { userListCompactor } from '../util/compact-records.ts';
import { UsageError } from '../util/errors.ts';
import { type ChildHook, readJsonFile, writeJsonPretty } from './json-stream.ts';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './types.ts';

/** Writes a file atomically: a temp file in the same folder, then rename. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (err) {
    // A failed write or rename (disk full, target is a directory) must not leave the temp file behind.
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `JSON.stringify(snapshot, null, 2)` and a newline, atomically, streamed container by
 * container: at 100k users the text would be a few hundred MB held at once beside the snapshot.
 */
export function saveSnapshot(file: string, snapshot: Snapshot): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeJsonPretty(fd, snapshot);
      writeSync(fd, '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Parses a JSON file in chunks (never the whole text at once); a missing or malformed file is a
 * usage error naming it and what it was for.
 */
function readJson(file: string, what: string, hook?: ChildHook): unknown {
  try {
    return readJsonFile(file, undefined, hook);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${what} ${file}: ${code === 'ENOENT' ? 'file not found' : (err as Error).message}`,
    );
  }
}

export function loadSnapshot(file: string): Snapshot {
  const compact = userListCompactor();
  const parsed = readJson(file, 'snapshot', compact.childOf);
  const snap = parsed as Partial<Snapshot>;
  if (snap?.kind !== 'hybridscan-snapshot') {
    throw new UsageError(`${file} is not a hybridscan snapshot (no "kind": "hybridscan-snapshot")`);
  }
  if (snap.schemaVersion !== SNAPSHOT_SCHEMA_VERSION) {
    throw new UsageError(
      `${file} has snapshot schemaVersion ${snap.schemaVersion}; this hybridscan reads version ${SNAPSHOT_SCHEMA_VERSION}`,
    );
  }
  if (!snap.artifacts || !snap.sources || !snap.config)
    throw new UsageError(`${file}: snapshot lacks artifacts, sources or config`);
  // Each source record is read for its status: an edited file may hold anything there.
  const malformed = Object.entries(snap.sources as object).find(
    ([, s]) => !s || typeof s !== 'object' || typeof (s as { status?: unknown }).status !== 'string',
  );
  if (typeof snap.sources !== 'object' || Array.isArray(snap.sources) || malformed)
    throw new UsageError(
      `${file}: ${malformed ? `source ${JSON.stringify(malformed[0])} is not a source record` : 'sources is not an object'} (an edited or truncated snapshot)`,
    );
  const hollow = hollowSources(snap as Snapshot);
  if (hollow.length > 0)
    throw new UsageError(
      `${file}: source${hollow.length > 1 ? 's' : ''} ${hollow.join(', ')} reported ok but the snapshot holds none of ${hollow.length > 1 ? 'their' : 'its'} evidence (an edited or truncated snapshot)`,
    );
  // Older snapshots may predate config keys; defaults fill them in the same way as for a config file.
  const config = configSchema.safeParse(snap.config);
  if (!config.success)
    throw new UsageError(`${file}: the config stored in the snapshot is not valid for this version`);
  compact.finish(snap as Snapshot);
  return { ...(snap as Snapshot), config: config.data };
}

/**
 * Sources that say `ok` yet left no artifact. A collector that succeeds always records something,
 * so this is an edited file: judging it would turn missing evidence into quiet skips and a READY.
 */
function hollowSources(snap: Snapshot): string[] {
  const withEvidence = new Set(Object.keys(snap.artifacts).map((key) => key.split('.')[0]));
  return Object.entries(snap.sources)
    .filter(([id, source]) => source?.status === 'ok' && !withEvidence.has(id))
    .map(([id]) => id);
}

/** A JSON result written by `--format json`, for `diff`. */
export function loadResult(file: string): ScanResult {
  const parsed = readJson(file, 'result');
  const r = parsed as Partial<ScanResult>;
  if (r?.tool?.name !== 'hybridscan' || !Array.isArray(r.checks)) {
    throw new UsageError(`${file} is not a hybridscan JSON result (write one with --format json)`);
  }
  return r as ScanResult;
}
