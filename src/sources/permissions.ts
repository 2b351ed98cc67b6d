import type { ArtifactKey } from '../evidence/index.ts';
import { ACCESS_KINDS, type Access } from './access.ts';
import { DNS_ACCESS } from './dns/permissions.ts';
import { EXO_ACCESS } from './exo/permissions.ts';
import { GATEWAY_ACCESS } from './gateway/permissions.ts';
import { GRAPH_ACCESS } from './graph/permissions.ts';
import { HTTP_ACCESS } from './http/permissions.ts';
import { LDAP_ACCESS } from './ldap/permissions.ts';
import { OPENID_ACCESS } from './openid/permissions.ts';

/** Every source's table, artifact key → what reading it needs. */
export const ARTIFACT_ACCESS: Readonly<Record<string, Access>> = {
  ...OPENID_ACCESS,
  ...GRAPH_ACCESS,
  ...LDAP_ACCESS,
  ...EXO_ACCESS,
  ...DNS_ACCESS,
  ...HTTP_ACCESS,
  ...GATEWAY_ACCESS,
};

type DerivedPermissions = { [K in (typeof ACCESS_KINDS)[number]]: string[] };

/**
 * A check's permissions, derived from the artifacts it reads (`requires` and `optional`: an
 * optional artifact is read when collected, so collecting it needs the same access), merged with
 * whatever the check declares itself (plugins may read artifacts through their own means).
 * Each list keeps first-seen order, without duplicates.
 */
export function permissionsFor(check: {
  requires: readonly ArtifactKey[];
  optional?: readonly ArtifactKey[];
  permissions?: Access;
}): DerivedPermissions {
  const out: DerivedPermissions = { graph: [], exchangeOnline: [], ldap: [], network: [], files: [] };
  const sources = [
    ...[...check.requires, ...(check.optional ?? [])].map((k) => ARTIFACT_ACCESS[k]),
    check.permissions,
  ];
  for (const access of sources)
    for (const kind of ACCESS_KINDS)
      for (const p of access?.[kind] ?? []) if (!out[kind].includes(p)) out[kind].push(p);
  return out;
}
