import type { ArtifactKey } from '../evidence/index.ts';

/**
 * What reading one artifact needs from whoever runs the scan, by kind: Microsoft Graph
 * application permissions, Exchange Online roles, LDAP read rights of the bind account, outbound
 * connections from the scanning host, and files an administrator exports. Each source owns the
 * table for its own artifacts (`src/sources/<source>/permissions.ts`).
 */
export interface Access {
  graph?: readonly string[];
  exchangeOnline?: readonly string[];
  ldap?: readonly string[];
  network?: readonly string[];
  files?: readonly string[];
}

export const ACCESS_KINDS = ['graph', 'exchangeOnline', 'ldap', 'network', 'files'] as const;

/** One source's table: every artifact it produces, even those that need nothing (`{}`). */
export type AccessTable<K extends ArtifactKey = ArtifactKey> = Readonly<Record<K, Access>>;
