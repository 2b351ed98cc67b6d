import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FILE_NAMES, type Format, render } from '../../reports/index.ts';
import type { LoadedConfig } from '../config/load.ts';
import { evaluate } from '../engine/evaluate.ts';
import { loadChecks, type RegisteredCheck } from '../engine/registry.ts';
import { selectChecks } from '../engine/select.ts';
import type { ScanResult } from '../engine/types.ts';
import { exitCodeFor, type FailOn } from '../engine/verdict.ts';
import { sourceOf } from '../evidence/index.ts';
import { collectSnapshot } from '../pipeline.ts';
import { anonymizeKey, anonymizeSnapshot } from '../snapshot/anonymize.ts';
import { saveSnapshot, writeFileAtomic } from '../snapshot/io.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { type CliIo, startProgress, useColor } from './io.ts';
import { validateCheckSettings } from './validate-settings.ts';

export interface OutputFlags {
  formats: Format[];
  out?: string;
  failOn: FailOn;
  only?: string[];
  skip?: string[];
  quiet: boolean;
  verbose: boolean;
}

export interface CollectFlags {
  timeoutMs?: number;
  saveSnapshot?: string;
  anonymize?: boolean;
}

/**
 * Replaces names with keyed hashes before anything is written. The key comes from
 * HYBRIDSCAN_ANONYMIZE_KEY or is generated and shown once on stderr: it is never stored.
 */
export function anonymizeForOutput(snapshot: Snapshot, io: CliIo): Snapshot {
  const { key, generated, text } = anonymizeKey(io.env);
  if (generated) {
    io.stderr.write(
      `Anonymized with a new key (not stored anywhere; keep it to map names back with \`hybridscan anonymize --lookup\`):\n  HYBRIDSCAN_ANONYMIZE_KEY=${text}\n`,
    );
  }
  return anonymizeSnapshot(snapshot, key);
}

/**
 * Collects with Ctrl-C handling: the first SIGINT stops collection and keeps what arrived (the
 * snapshot is marked incomplete), a second one exits at once.
 */
export async function collectWithInterrupt(
  loaded: LoadedConfig,
  flags: CollectFlags & { quiet: boolean; sources?: ReadonlySet<string> },
  io: CliIo,
): Promise<Snapshot> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.stderr.write(
      '\nInterrupted: stopping collection and writing what was collected (Ctrl-C again to quit now)\n',
    );
    controller.abort('interrupted by user (Ctrl-C)');
  };
  process.on('SIGINT', onSigint);
  const progress = startProgress(io, flags.quiet);
  try {
    const snapshot = await collectSnapshot({
      loaded,
      signal: controller.signal,
      timeoutMs: flags.timeoutMs,
      sources: flags.sources,
      progress: (source, text) => progress.update(source, text),
    });
    progress.stop(
      `Collected from ${Object.values(snapshot.sources).filter((s) => s.status !== 'not-configured' && s.status !== 'not-needed').length} sources in ${snapshot.durationMs} ms`,
    );
    return snapshot;
  } finally {
    progress.stop();
    process.off('SIGINT', onSigint);
  }
}

/** Audits a snapshot and writes the reports; returns the exit code. */
export async function evaluateAndReport(
  snapshot: Snapshot,
  loaded: LoadedConfig,
  flags: OutputFlags,
  io: CliIo,
): Promise<number> {
  const checks = await loadChecks(loaded.config.plugins);
  validateCheckSettings(loaded, checks);
  const result = evaluate(snapshot, { config: loaded.config, checks, only: flags.only, skip: flags.skip });
  writeReports(result, flags, io);
  const incomplete =
    result.verdict === 'incomplete' ||
    Boolean(result.incomplete) ||
    result.sources.some((s) => s.status === 'error');
  if (snapshot.incomplete) return 3;
  return exitCodeFor(
    result.checks.map((c) => c.status),
    flags.failOn,
    incomplete,
  );
}

export async function scanAndReport(
  loaded: LoadedConfig,
  flags: OutputFlags & CollectFlags,
  io: CliIo,
): Promise<number> {
  // Fail on bad check settings or plugins before spending minutes collecting.
  const checks = await loadChecks(loaded.config.plugins);
  validateCheckSettings(loaded, checks);
  // With --only/--skip, collect just what the selected checks read.
  const narrowed = Boolean(flags.only?.length || flags.skip?.length);
  const sources = narrowed ? sourcesFor(selectChecks(checks, flags.only, flags.skip)) : undefined;
  const collected = await collectWithInterrupt(loaded, { ...flags, sources }, io);
  const authFailures = credentialFailures(collected);
  if (authFailures) {
    io.stderr.write(
      `hybridscan: cannot sign in to any configured source, nothing was scanned:\n${authFailures.map((m) => `  - ${m}`).join('\n')}\n`,
    );
    return 2;
  }
  const snapshot = flags.anonymize ? anonymizeForOutput(collected, io) : collected;
  // Anonymized evidence is judged with its anonymized config, so names still match.
  const judgeWith = flags.anonymize ? { ...loaded, config: snapshot.config } : loaded;
  const snapshotFile =
    flags.saveSnapshot ??
    (snapshot.incomplete ? join(flags.out ?? io.cwd, 'hybridscan-snapshot.json') : undefined);
  if (snapshotFile) {
    const target = resolve(io.cwd, snapshotFile);
    mkdirSync(dirname(target), { recursive: true });
    saveSnapshot(target, snapshot);
    if (!flags.quiet || snapshot.incomplete) io.stderr.write(`Snapshot written to ${snapshotFile}\n`);
  }
  return evaluateAndReport(snapshot, judgeWith, flags, io);
}

function sourcesFor(checks: readonly RegisteredCheck[]): Set<string> {
  return new Set(checks.flatMap((c) => [...c.requires, ...(c.optional ?? [])].map(sourceOf)));
}

/** Sources that need credentials; the others (OpenID metadata, DNS, HTTPS probes) are anonymous. */
// `exo` reads an administrator-supplied export folder: no sign-in, so it is not listed here.
const CREDENTIAL_SOURCES = ['graph', 'ldap'];

/**
 * When every configured source that needs credentials rejected them, the scan has nothing worth
 * reporting: the contract treats that as a configuration error (exit 2) with the causes.
 * With one source signed in, the other's checks are `error` results instead.
 */
export function credentialFailures(snapshot: Snapshot): string[] | undefined {
  // A tenant that the global login service does not know (a national cloud, a typo) makes every
  // sign-in fail too; the tenant checks explain that better than a bare configuration error.
  const openid = snapshot.artifacts['openid.tenants'];
  if (openid?.status === 'ok') {
    const lookups = Object.values(openid.data as Record<string, { primary?: boolean; tenantId?: string }>);
    if (lookups.some((l) => l.primary && !l.tenantId)) return undefined;
  }
  const configured = CREDENTIAL_SOURCES.filter(
    (id) =>
      snapshot.sources[id] &&
      snapshot.sources[id].status !== 'not-configured' &&
      snapshot.sources[id].status !== 'not-needed',
  );
  if (configured.length === 0) return undefined;
  const messages: string[] = [];
  for (const id of configured) {
    const failure = Object.entries(snapshot.artifacts).find(
      ([key, a]) => key.startsWith(`${id}.`) && a.status === 'error' && a.error.code === 'AUTH_FAILED',
    );
    if (failure?.[1].status !== 'error') return undefined;
    messages.push(`${id}: ${failure[1].error.message}`);
  }
  return messages;
}

function writeReports(result: ScanResult, flags: OutputFlags, io: CliIo): void {
  const color = useColor(io);
  if (flags.out) {
    const dir = resolve(io.cwd, flags.out);
    mkdirSync(dir, { recursive: true });
    for (const format of flags.formats) {
      writeFileAtomic(join(dir, FILE_NAMES[format]), render(result, format, { color: false, verbose: true }));
    }
    if (!flags.quiet && flags.formats.includes('console'))
      io.stdout.write(render(result, 'console', { color, verbose: flags.verbose }));
    if (!flags.quiet)
      io.stderr.write(`Reports written to ${dir}: ${flags.formats.map((f) => FILE_NAMES[f]).join(', ')}\n`);
    return;
  }
  // Without --out, a machine format owns stdout so it stays parseable; the console report moves to stderr.
  const machine = flags.formats.find((f) => f !== 'console');
  if (machine) io.stdout.write(render(result, machine, { color: false }));
  if (flags.formats.includes('console') && !flags.quiet) {
    const stream = machine ? io.stderr : io.stdout;
    stream.write(render(result, 'console', { color: machine ? false : color, verbose: flags.verbose }));
  }
}
