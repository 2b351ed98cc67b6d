import type { Config } from '../config/schema.ts';
import type { Snapshot } from '../snapshot/types.ts';
import { TOOL_VERSION } from '../version.ts';
import { ExceptionBook } from './exceptions.ts';
import { knowledgeReport } from './knowledge.ts';
import type { RegisteredCheck } from './registry.ts';
import { DEADLINE_REASON, runChecks } from './runner.ts';
import { selectChecks } from './select.ts';
import { AREAS, type Area, type ScanResult, type SourceSummary } from './types.ts';
import { summarize, verdictOf } from './verdict.ts';

interface EvaluateOptions {
  /** Settings to judge by: the scan's own config, or a newer one given to `evaluate --config`. */
  config: Config;
  checks: readonly RegisteredCheck[];
  only?: readonly string[];
  skip?: readonly string[];
  today?: Date;
  /** Days (at the snapshot's date) after which dated knowledge counts as stale; default 90. */
  knowledgeMaxAgeDays?: number;
  /** Wall-clock ms after which no further check starts (the rest of `--timeout`). */
  deadline?: number;
}

/** Audits a snapshot: pure, so evaluating a saved snapshot gives the scan's own result. */
export function evaluate(snapshot: Snapshot, opts: EvaluateOptions): ScanResult {
  const started = performance.now();
  const selected = selectChecks(opts.checks, opts.only, opts.skip);
  const book = new ExceptionBook(opts.config.exceptions, opts.today ?? new Date());
  const tenantId = findTenantId(snapshot);
  const organization = findOrganization(snapshot);
  const checks = runChecks(selected, {
    snapshot,
    settings: { tenant: opts.config.tenant, domains: opts.config.domains, mailstore: opts.config.mailstore },
    checkSettings: opts.config.checks,
    exceptions: book,
    today: opts.today,
    ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
  });
  const cutShort = checks.some((c) => c.reason === DEADLINE_REASON);

  const summary = summarize(checks);
  const sources: SourceSummary[] = Object.entries(snapshot.sources).map(([id, s]) => ({
    id,
    status: s.status,
    requests: s.requests,
    ...(s.reason && s.status !== 'ok' ? { error: s.reason } : {}),
  }));
  const sourceFailed = sources.some((s) => s.status === 'error');
  const incomplete = Boolean(snapshot.incomplete) || sourceFailed || cutShort;
  const areaIds = [...new Set(checks.map((c) => c.area))].sort(
    (a, b) => Object.keys(AREAS).indexOf(a) - Object.keys(AREAS).indexOf(b),
  ) as Area[];
  const verdict = snapshot.incomplete || cutShort ? 'incomplete' : verdictOf(summary, incomplete);

  return {
    schemaVersion: 1,
    tool: { name: 'hybridscan', version: TOOL_VERSION },
    startedAt: snapshot.startedAt,
    durationMs: snapshot.durationMs + Math.round(performance.now() - started),
    target: {
      tenant: opts.config.tenant,
      ...(tenantId ? { tenantId } : {}),
      ...(organization ? { organization } : {}),
      domains: opts.config.domains,
    },
    verdict,
    summary,
    areas: areaIds.map((id) => {
      const areaSummary = summarize(checks.filter((c) => c.area === id));
      return { id, title: AREAS[id], verdict: verdictOf(areaSummary), summary: areaSummary };
    }),
    checks,
    exceptions: book.states,
    sources,
    knowledge: knowledgeReport(
      // Only checks that judged something relied on their knowledge; skipped ones did not.
      selected.filter((c) => checks.find((r) => r.id === c.id)?.status !== 'skipped'),
      new Date(snapshot.finishedAt),
      opts.knowledgeMaxAgeDays,
    ),
    ...(snapshot.incomplete
      ? { incomplete: snapshot.incomplete }
      : cutShort
        ? { incomplete: { reason: 'the --timeout deadline was reached while evaluating checks' } }
        : {}),
  };
}

function findTenantId(snapshot: Snapshot): string | undefined {
  const rec = snapshot.artifacts['openid.tenants'];
  if (rec?.status !== 'ok') return undefined;
  // A snapshot is untrusted input: the lookups may be anything, and the header must not crash on it.
  if (!rec.data || typeof rec.data !== 'object') return undefined;
  const lookups = Object.values(rec.data as Record<string, unknown>);
  const primary = lookups.find(
    (l): l is { tenantId?: unknown } => !!l && (l as { primary?: unknown }).primary === true,
  );
  return typeof primary?.tenantId === 'string' ? primary.tenantId : undefined;
}

function findOrganization(snapshot: Snapshot): string | undefined {
  const rec = snapshot.artifacts['graph.organization'];
  if (rec?.status !== 'ok') return undefined;
  const name = (rec.data as { displayName?: unknown } | null)?.displayName;
  return typeof name === 'string' && name ? name : undefined;
}
