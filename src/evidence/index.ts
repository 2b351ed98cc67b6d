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

/**
 * The artifact keys at run time (types are erased), so a check's `requires`/`optional` can be
 * checked when it is loaded. The assertion below keeps this list and `ArtifactMap` identical.
 */
export const ARTIFACT_KEYS = [
  'dns.domains',
  'dns.mailDomains',
  'dns.spf',
  'dns.mtaSts',
  'dns.onPremHosts',
  'dns.gateway',
  'exo.journalRules',
  'exo.transportConfig',
  'exo.mailboxes',
  'exo.acceptedDomains',
  'exo.organizationConfig',
  'exo.inboundConnectors',
  'exo.outboundConnectors',
  'exo.intraOrgConnectors',
  'exo.orgRelationships',
  'exo.dkimSigningConfig',
  'gateway.smtp',
  'graph.organization',
  'graph.domains',
  'graph.domainRecords',
  'graph.users',
  'graph.tokenPermissions',
  'graph.mailboxProbes',
  'graph.archiveApp',
  'graph.resourceServicePrincipals',
  'graph.hybridApps',
  'graph.exoServicePrincipal',
  'http.targets',
  'http.pox',
  'http.ews',
  'http.autodiscoverSvc',
  'http.autodv2',
  'http.tls',
  'ldap.users',
  'ldap.acceptedDomains',
  'ldap.autodiscoverScps',
  'ldap.exchangeServers',
  'ldap.rootDse',
  'ldap.organizations',
  'ldap.prepLevels',
  'ldap.hybridConfiguration',
  'ldap.emailAddressPolicies',
  'ldap.mailObjects',
  'ldap.authServers',
  'ldap.partnerApplications',
  'ldap.settingOverrides',
  'ldap.intraOrgConnectors',
  'ldap.orgRelationships',
  'ldap.sendConnectors',
  'ldap.journalRules',
  'ldap.transportSettings',
  'ldap.databases',
  'ldap.roleAssignments',
  'openid.tenants',
  'openid.userRealm',
] as const satisfies readonly ArtifactKey[];

type Unlisted = Exclude<ArtifactKey, (typeof ARTIFACT_KEYS)[number]>;
// A compile error here names an ArtifactMap key missing from ARTIFACT_KEYS.
const everyKeyListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyKeyListed;

const KNOWN_KEYS: ReadonlySet<string> = new Set(ARTIFACT_KEYS);

export function isArtifactKey(key: string): key is ArtifactKey {
  return KNOWN_KEYS.has(key);
}

export function sourceOf(key: string): string {
  const dot = key.indexOf('.');
  return dot === -1 ? key : key.slice(0, dot);
}
