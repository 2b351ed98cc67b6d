/**
 * How a finding names where its Exchange Online evidence came from: "live" when the scanner read
 * the tenant (Admin API or InvokeCommand), "supplied" when it read an administrator's export.
 */
import type { ExoOrigin } from '../evidence/exo.ts';

interface OriginLike {
  origin?: ExoOrigin;
  /** Snapshots written before `origin` existed carry the export's path here. */
  file?: string;
}

/** `live` or `supplied`: the word findings use for the kind of evidence. */
export function evidenceKind(a: OriginLike): 'live' | 'supplied' {
  return a.origin && a.origin.via !== 'export' ? 'live' : 'supplied';
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** "live: Admin API Get-AcceptedDomain", "live: InvokeCommand Get-OrganizationConfig", "supplied: accepted-domains.json". */
export function originText(a: OriginLike): string {
  const o = a.origin;
  if (!o) return a.file ? `supplied: ${baseName(a.file)}` : 'supplied';
  switch (o.via) {
    case 'admin-api':
      return `live: Admin API ${o.cmdlet}`;
    case 'invoke-command':
      return `live: InvokeCommand ${o.cmdlet}`;
    case 'export':
      return `supplied: ${baseName(o.file)}`;
  }
}

/**
 * The evidence fields every finding on an Exchange Online artifact carries. A snapshot written
 * before `origin` existed gets exactly the fields it always had (`evidence: supplied`, `file`),
 * so re-evaluating it renders the same result.
 */
export function originEvidence(a: OriginLike): Record<string, unknown> {
  const o = a.origin;
  const file = a.file ?? (o?.via === 'export' ? o.file : undefined);
  return {
    evidence: evidenceKind(a),
    ...(o ? { source: originText(a) } : {}),
    ...(file ? { file } : {}),
  };
}
