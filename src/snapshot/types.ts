import type { Config } from '../config/schema.ts';

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Why an artifact could not be collected: enough for a person to act on it. */
export interface ArtifactError {
  message: string;
  /** Machine-readable cause: HTTP status, Graph error code, LDAP result code, ETIMEDOUT… */
  code?: string;
  /** The permission whose absence caused it (a 403 names what the check's meta declares). */
  permission?: string;
}

export type ArtifactRecord =
  | { status: 'ok'; data: unknown; durationMs?: number }
  | { status: 'error'; error: ArtifactError; durationMs?: number };

export interface SourceRecord {
  status: 'ok' | 'error' | 'partial' | 'not-configured' | 'not-needed';
  /** For `not-configured`: which config key would enable it. For `error`: the cause. */
  reason?: string;
  requests: number;
  requestsByEndpoint: Record<string, number>;
  durationMs: number;
}

export interface Snapshot {
  kind: 'hybridscan-snapshot';
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: 'hybridscan'; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** The scan's config with every secret replaced by "[redacted]". */
  config: Config;
  sources: Record<string, SourceRecord>;
  artifacts: Record<string, ArtifactRecord>;
  /** Set when collection stopped early (Ctrl-C, overall --timeout). */
  incomplete?: { reason: string };
  /** Names were replaced by keyed hashes (`--anonymize`). */
  anonymized?: boolean;
}
