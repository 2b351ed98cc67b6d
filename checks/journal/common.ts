/**
 * Helpers shared by the journaling checks (no default export, so the registry skips this file).
 */
import type { CheckSettings } from '../../src/engine/types.ts';
import type { GraphDomain } from '../../src/evidence/graph.ts';
import type { AcceptedDomain, AdMailObject, AdUser } from '../../src/evidence/ldap.ts';
import { recipientByAddress } from '../../src/model/recipient-index.ts';

export const JOURNALING_DOC =
  'https://learn.microsoft.com/exchange/security-and-compliance/journaling/journaling';
export const CONFIGURE_DOC =
  'https://learn.microsoft.com/exchange/security-and-compliance/journaling/configure-journaling';
export const ONPREM_DOC = 'https://learn.microsoft.com/exchange/policy-and-compliance/journaling/journaling';
export const MAILSTORE_DOC =
  'https://help.mailstore.com/en/server/Archiving_Emails_from_Microsoft_365_in_Hybrid_Environments';

export const NO_GATEWAY =
  'mailstore.gatewayAddress is not set: the Gateway address to compare with is unknown';

export function normAddress(address: string | undefined | null): string | undefined {
  const t = address
    ?.trim()
    .replace(/^smtp:/i, '')
    .toLowerCase();
  return t ? t : undefined;
}

export function gatewayOf(settings: CheckSettings): string | undefined {
  return normAddress(settings.mailstore?.gatewayAddress);
}

export function domainPart(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Which internal domain (on-prem accepted or tenant) an address's domain belongs to, if any. */
export function internalDomainOf(
  domain: string,
  accepted: readonly AcceptedDomain[] | undefined,
  tenant: readonly GraphDomain[] | undefined,
): { domain: string; origin: 'on-premises accepted domain' | 'tenant domain' } | undefined {
  const d = domain.toLowerCase();
  for (const a of accepted ?? []) {
    const ad = a.domain.toLowerCase().replace(/^\*\./, '');
    if (d === ad || ((a.matchSubDomains || a.domain.startsWith('*.')) && d.endsWith(`.${ad}`)))
      return { domain: a.domain, origin: 'on-premises accepted domain' };
  }
  for (const t of tenant ?? [])
    if (t.isVerified && d === t.id.toLowerCase()) return { domain: t.id, origin: 'tenant domain' };
  return undefined;
}

/**
 * The AD object (user or other mail object) that carries an SMTP address, if any: a lookup in
 * indexes built once per artifact (called for every recipient of every journal rule).
 */
export function adRecipientOf(
  address: string,
  users: readonly AdUser[] | undefined,
  objects: readonly AdMailObject[] | undefined,
):
  | { dn: string; kind: 'user' | 'object'; objectClass?: string[]; targetAddress?: string; user?: AdUser }
  | undefined {
  const u = recipientByAddress(users, address);
  if (u)
    return {
      dn: u.dn,
      kind: 'user',
      ...(u.targetAddress ? { targetAddress: u.targetAddress } : {}),
      user: u,
    };
  const o = recipientByAddress(objects, address);
  if (o)
    return {
      dn: o.dn,
      kind: 'object',
      objectClass: o.objectClass,
      ...(o.targetAddress ? { targetAddress: o.targetAddress } : {}),
    };
  return undefined;
}

/** True when `address` is the gateway, directly or as a contact/mail user forwarding to it. */
export function reachesGateway(
  address: string,
  gateway: string,
  users: readonly AdUser[] | undefined,
  objects: readonly AdMailObject[] | undefined,
): { direct: boolean; via?: { dn: string; targetAddress: string } } | undefined {
  const a = normAddress(address);
  if (!a) return undefined;
  if (a === gateway) return { direct: true };
  const r = adRecipientOf(a, users, objects);
  if (r?.targetAddress && normAddress(r.targetAddress) === gateway)
    return { direct: false, via: { dn: r.dn, targetAddress: r.targetAddress } };
  return undefined;
}
