/** Helpers shared by the on-premises Exchange checks (no default export: not a check). */
import type { CheckSettings } from '../../src/engine/types.ts';
import type { AcceptedDomain, ExchangeServer } from '../../src/evidence/ldap.ts';
import {
  type ExchangeRelease,
  type ExchangeVersion,
  findRelease,
  formatExchangeVersion,
  parseExchangeVersion,
} from '../../src/model/exchange-builds.ts';
import { coexistenceDomainFor, SERVER_ROLE } from '../../src/model/exchange-flags.ts';

export const LDAP_READ = ['read the configuration partition (any domain user)'];
export const LDAP_READ_DOMAIN = ['read the domain partition (any domain user)'];

/** Exchange SE RTM: 15.2.2562. Any later 15.2 build is a later SE update. */
export const SE_RTM_BUILD = 2562;

export interface DecodedServer {
  server: ExchangeServer;
  version?: ExchangeVersion;
  release?: ExchangeRelease;
  isEdge: boolean;
  isSe: boolean;
}

export function decodeServer(server: ExchangeServer): DecodedServer {
  const parsed = server.serialNumber ? parseExchangeVersion(server.serialNumber) : undefined;
  // AD's serialNumber carries the CU build; its last number is not the SU/HU revision.
  const version = parsed ? { major: parsed.major, minor: parsed.minor, build: parsed.build } : undefined;
  const release = version ? findRelease(version) : undefined;
  const isSe = Boolean(
    version && version.major === 15 && version.minor === 2 && version.build >= SE_RTM_BUILD,
  );
  return {
    server,
    ...(version ? { version } : {}),
    ...(release ? { release } : {}),
    isEdge: (server.roles & SERVER_ROLE.Edge) !== 0,
    isSe,
  };
}

export function versionText(d: DecodedServer): string {
  return d.version ? `${formatExchangeVersion(d.version)} (CU build)` : (d.server.serialNumber ?? 'unknown');
}

/**
 * The tenant's coexistence (routing) domain: an explicit option, else <tenant>.mail.onmicrosoft.com
 * from the config's tenant, else an accepted domain ending in .mail.onmicrosoft.com.
 */
export function coexistenceDomain(
  option: string | undefined,
  settings: CheckSettings,
  accepted?: readonly AcceptedDomain[],
): string | undefined {
  if (option) return option.toLowerCase();
  const fromTenant = coexistenceDomainFor(settings.tenant);
  if (fromTenant) return fromTenant;
  return accepted?.find((d) => d.domain.endsWith('.mail.onmicrosoft.com'))?.domain;
}

export function isMicrosoftDomain(domain: string): boolean {
  return /\.onmicrosoft\.(com|us|de)$/i.test(domain) || /\.partner\.onmschina\.cn$/i.test(domain);
}

/** Lower-cased text of every value of a generic object, for value searches across unconfirmed names. */
export function allValues(attributes: Record<string, string[]>): string[] {
  return Object.values(attributes).flat();
}

/** The first attribute (of candidate names, case-insensitive) that the object has. */
export function pickAttribute(
  attributes: Record<string, string[]>,
  candidates: readonly string[],
): { name: string; values: string[] } | undefined {
  const byLower = new Map(
    Object.entries(attributes).map(([k, v]) => [k.toLowerCase(), { name: k, values: v }]),
  );
  for (const c of candidates) {
    const hit = byLower.get(c.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}
