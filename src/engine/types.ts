import type { z } from 'zod';
import type { ArtifactKey, ArtifactMap } from '../evidence/index.ts';
import type { Model } from '../model/index.ts';

export type Severity = 'fail' | 'warn' | 'info';
export type SeveritySetting = Severity | 'off';
export type Status = 'pass' | 'fail' | 'warn' | 'info' | 'skipped' | 'error';
/** Statuses a check may give one finding. */
export type FindingStatus = 'pass' | 'fail' | 'warn' | 'info' | 'error';

export const AREAS = {
  tenant: 'Tenant and cloud',
  sync: 'Directory synchronisation',
  domain: 'Domains',
  dns: 'DNS and mail flow',
  ad: 'On-premises Active Directory',
  exch: 'On-premises Exchange',
  http: 'Autodiscover, EWS and HTTPS',
  app: 'App registration',
  hybrid: 'Hybrid identity',
  journal: 'Journaling',
  mbx: 'Mailbox placement',
  exo: 'Exchange Online configuration',
  plugin: 'Plugins',
} as const;
export type Area = keyof typeof AREAS;

/** Dated data sets shipped in data/ (see src/engine/knowledge.ts). */
export type KnowledgeId = 'exchange-builds' | 'microsoft-deadlines';
/** What kind of object a finding is about; with `id` it is the finding's stable key. */
export type TargetKind =
  | 'domain'
  | 'user'
  | 'mailbox'
  | 'server'
  | 'host'
  | 'url'
  | 'app'
  | 'credential'
  | 'connector'
  | 'rule'
  | 'record'
  | 'tenant'
  | 'organization'
  | 'object'
  | 'check-wide';

/** A finding's target in the ScanResult: exceptions and diffs key on `kind` + `id`, people read `label`. */
export interface Target {
  kind: TargetKind;
  /** Stable normalised key: a lowercased address or FQDN, a GUID, an app id. */
  id: string;
  /** What a person reads; may be reworded without breaking an exception or a diff. */
  label: string;
}

/** What a check may return as a target: a plain string (kind from `targetKind`) or the structured form. */
export type TargetInput = string | { kind?: TargetKind; id: string; label?: string };

export interface Finding {
  /** The object the finding is about: a domain, user, server, credential... */
  target: TargetInput;
  status: FindingStatus;
  message: string;
  /** What a person needs to verify the finding by hand. */
  evidence?: Record<string, unknown>;
}

/** A finding after exceptions were applied; `exception` keeps the original status visible. */
export interface ResultFinding extends Omit<Finding, 'target'> {
  target: Target;
  exception?: { reason: string; expires?: string; originalStatus: FindingStatus };
  /** With `scan --baseline`: how this finding compares with the baseline result (see engine/baseline.ts). */
  baselineState?: BaselineState;
}

/**
 * A non-passing finding (fail, warn, error) compared with the baseline: `new` (absent there or
 * passing), `changed` (non-passing there with another status), `unchanged`; `fixed` marks a finding
 * that passes now but did not in the baseline.
 */
export type BaselineState = 'new' | 'changed' | 'unchanged' | 'fixed';

/** `ScanResult.baseline`: what `scan --baseline FILE` compared against, and the counts. */
export interface BaselineSummary {
  file: string;
  startedAt: string;
  verdict: string;
  new: number;
  changed: number;
  unchanged: number;
  fixed: number;
  /** Findings that were non-passing in the baseline and pass or are gone now. */
  fixedFindings: { check: string; target: Target; before: Status; message: string }[];
  /** New or changed items that are `fail` now (what `--fail-on new` exits 1 for). */
  newFailures: number;
  /** New or changed items that are `error` now (a newly incomplete part of the scan). */
  newErrors: number;
}

interface Permissions {
  /** Least-privilege Microsoft Graph application permissions. */
  graph?: string[];
  /** Exchange Online roles (cmdlets an administrator runs for the exports). */
  exchangeOnline?: string[];
  ldap?: string[];
  network?: string[];
  /** Files an administrator supplies (export folder). */
  files?: string[];
}

/** How to fix a violation: prose, plus the exact commands, records and click path when there are any. */
export interface Remediation {
  text: string;
  /** Exact Exchange Management Shell / Exchange Online / Graph PowerShell commands, one per entry. */
  powershell?: string[];
  /** Exact DNS records in zone-file form, one per entry. */
  dns?: string[];
  /** A click path in an admin portal, `A > B > C`. */
  portal?: string;
}

export interface CheckMeta<Opts extends z.ZodType = z.ZodType> {
  id: string;
  area: Area;
  severity: Severity;
  title: string;
  failureTitle: string;
  description: string;
  /** A string is shorthand for `{ text }`; the ScanResult always carries the object form. */
  remediation: string | Remediation;
  docs: string[];
  /** The kind of a string target this check returns (default `object`). */
  targetKind?: TargetKind;
  /** Artifacts without which the check cannot run at all. */
  requires: readonly ArtifactKey[];
  /**
   * Checks whose failure makes this one meaningless (ids). When one of them fails, errors or is
   * skipped, this check is skipped naming it; when one is not selected, this check runs normally.
   */
  dependsOn?: readonly string[];
  /** Artifacts the check uses when present (e.g. AD data that refines a DNS rule). */
  optional?: readonly ArtifactKey[];
  /**
   * Optional artifacts whose collection error makes the check an error, as a required one would:
   * when their source is not configured the check falls back to other evidence, but when it tried
   * and failed, that fallback (sampled probes, say) would hide the failure behind a pass.
   */
  errorWhenFailed?: readonly ArtifactKey[];
  /**
   * Extra permissions beyond what the required/optional artifacts need: those are derived from the
   * sources' tables (`hybridscan permissions`), so built-in checks do not restate them.
   */
  permissions?: Permissions;
  /** How sure the catalogue is of the rule; rules resting on unconfirmed facts must be configurable. */
  confidence?: 'confirmed' | 'community' | 'decompiled' | 'unconfirmed';
  /** Options the config may set under `checks.<id>.options`; parsed with defaults before `run`. */
  options?: Opts;
  /** Dated knowledge the rule relies on; the catalogue and ScanResult show its knownAsOf. */
  knowledge?: readonly KnowledgeId[];
}

/** What a check sees: only the artifacts it declared, plus derived views and its options. */
export interface CheckContext<Req extends ArtifactKey, Opt extends ArtifactKey, O> {
  artifacts: { [K in Req]: ArtifactMap[K] } & { [K in Opt]?: ArtifactMap[K] };
  options: O;
  /** The time the evidence was collected; checks judge ages against it, never against the wall clock. */
  now: Date;
  /** Scan settings checks may read (tenant, configured domains, mailstore settings). */
  settings: CheckSettings;
  /** Joined views of the whole snapshot (users, mailboxes, servers, mail domains), built once per run. */
  model: Model;
}

export interface CheckSettings {
  tenant?: string;
  domains: string[];
  mailstore?: { appId?: string; gatewayAddress?: string; serverUrl?: string };
}

export interface Check<O = unknown> extends CheckMeta {
  run(ctx: CheckContext<ArtifactKey, ArtifactKey, O>): Finding[];
}

export interface CheckResult {
  id: string;
  area: Area;
  severity: Severity;
  status: Status;
  title: string;
  /** Why the check matters, from its definition (absent in results written before it was added). */
  description?: string;
  message: string;
  findings: ResultFinding[];
  remediation: Remediation;
  docs: string[];
  durationMs: number;
  /** For `skipped`: why; for `error`: the cause. */
  reason?: string;
  /** For `error` from a throwing check: its stack, shown by the console only when verbose. */
  stack?: string;
  /** For `skipped` by the check itself: the config key that would let it run. */
  setting?: string;
  /** With `scan --baseline`, for a check in error (it has no findings): compared with the baseline. */
  baselineState?: BaselineState;
}

export type Verdict = 'ready' | 'ready-with-warnings' | 'not-ready' | 'incomplete';
export type Summary = Record<Status, number>;

export interface SourceSummary {
  id: string;
  status: 'ok' | 'error' | 'partial' | 'not-configured' | 'not-needed';
  requests: number;
  error?: string;
}

export interface ExceptionState {
  check: string;
  target?: string;
  kind?: TargetKind;
  reason: string;
  expires?: string;
  state: 'active' | 'expired' | 'unmatched';
  matched: number;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: { name: 'hybridscan'; version: string };
  startedAt: string;
  durationMs: number;
  /** `organization`: the tenant's display name from Microsoft Graph, when it was read. */
  target: { tenant?: string; tenantId?: string; organization?: string; domains: string[] };
  verdict: Verdict;
  summary: Summary;
  areas: { id: Area; title: string; verdict: Verdict; summary: Summary }[];
  checks: CheckResult[];
  exceptions: ExceptionState[];
  sources: SourceSummary[];
  /** Dated knowledge the checks relied on (data set → knownAsOf) and warnings when it is stale. */
  knowledge?: { datasets: Partial<Record<KnowledgeId, string>>; warnings: string[] };
  /** Present when collection stopped early (Ctrl-C, overall timeout). */
  incomplete?: { reason: string };
  /** Present with `scan --baseline FILE`: each finding carries its `baselineState`. */
  baseline?: BaselineSummary;
}
