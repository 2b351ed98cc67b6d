/**
 * The evidence contract: every artifact a source writes into the snapshot and the model and checks
 * read. Each source's data shapes live in `src/evidence/<source>.ts`; this one explicit map joins
 * them, so the plugin SDK (src/index.ts) can hand plugins typed keys.
 *
 * Keys are `<source>.<name>`; the prefix names the source that collects it.
 */

import type { DnsArtifacts } from './dns.ts';
import type { ExoArtifacts } from './exo.ts';
import type { GatewayArtifacts } from './gateway.ts';
import type { GraphArtifacts } from './graph.ts';
import type { HttpArtifacts } from './http.ts';
import type { LdapArtifacts } from './ldap.ts';
import type { OpenidArtifacts } from './openid.ts';

export type * from './dns.ts';
export type * from './exo.ts';
export type * from './gateway.ts';
export type * from './graph.ts';
export type * from './http.ts';
export type * from './ldap.ts';
export type * from './openid.ts';

export interface ArtifactMap
  extends OpenidArtifacts,
    GraphArtifacts,
    LdapArtifacts,
    DnsArtifacts,
    HttpArtifacts,
    ExoArtifacts,
    GatewayArtifacts {}

export type ArtifactKey = keyof ArtifactMap & string;

export function sourceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}
