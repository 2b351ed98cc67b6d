/** Helpers shared by the on-premises Exchange checks (no default export: not a check). */
import type { CheckSettings } from '../../src/engine/types.ts';
import type { AcceptedDomain } from '../../src/evidence/ldap.ts';
import { formatExchangeVersion } from '../../src/model/exchange-builds.ts';
import type { DecodedServer } from '../../src/model/exchange-servers.ts';
import { coexistenceDomainFor } from '../../src/model/microsoft-domains.ts';

export { type DecodedServer, decodeServer, SE_RTM_BUILD } from '../../src/model/exchange-servers.ts';

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
