import Table from 'cli-table3';
import type { Config } from '../config/schema.ts';
import type { RegisteredCheck } from '../engine/registry.ts';
import { normalizeSetting } from '../engine/runner.ts';
import { AREAS } from '../engine/types.ts';

export function renderChecks(checks: readonly RegisteredCheck[], json: boolean): string {
  if (json) {
    const list = checks.map((c) => ({
      id: c.id,
      area: c.area,
      severity: c.severity,
      title: c.title,
      failureTitle: c.failureTitle,
      description: c.description,
      remediation: c.remediation,
      docs: c.docs,
      requires: c.requires,
      optional: c.optional ?? [],
      permissions: c.permissions,
      confidence: c.confidence,
      origin: c.origin,
    }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  const table = new Table({
    head: ['Id', 'Area', 'Severity', 'Title', 'Needs'],
    style: { head: [], border: [] },
  });
  for (const c of checks) table.push([c.id, AREAS[c.area], c.severity, c.title, c.requires.join('\n')]);
  return `${table.toString()}\n${checks.length} checks\n`;
}

/** Union of the permissions the enabled checks declare, per kind. */
export function neededPermissions(checks: readonly RegisteredCheck[], config?: Config) {
  const enabled = checks.filter((c) => normalizeSetting(config?.checks[c.id]).severity !== 'off');
  const out = {
    graph: new Map<string, string[]>(),
    ldap: new Map<string, string[]>(),
    network: new Map<string, string[]>(),
  };
  for (const c of enabled) {
    for (const kind of ['graph', 'ldap', 'network'] as const) {
      for (const p of c.permissions[kind] ?? []) out[kind].set(p, [...(out[kind].get(p) ?? []), c.id]);
    }
  }
  return out;
}

export function renderPermissions(
  checks: readonly RegisteredCheck[],
  config: Config | undefined,
  json: boolean,
): string {
  const needed = neededPermissions(checks, config);
  if (json) {
    const toList = (m: Map<string, string[]>) =>
      [...m].map(([permission, usedBy]) => ({ permission, usedBy }));
    return `${JSON.stringify({ graph: toList(needed.graph), ldap: toList(needed.ldap), network: toList(needed.network) }, null, 2)}\n`;
  }
  const lines: string[] = [];
  const section = (title: string, m: Map<string, string[]>) => {
    lines.push(title);
    if (m.size === 0) lines.push('  (none)');
    for (const [p, ids] of [...m].sort()) lines.push(`  ${p}\n      used by: ${ids.join(', ')}`);
    lines.push('');
  };
  section('Microsoft Graph application permissions (read-only):', needed.graph);
  section('On-premises Active Directory (LDAP bind account):', needed.ldap);
  section('Network access from the scanning host:', needed.network);
  return lines.join('\n');
}
