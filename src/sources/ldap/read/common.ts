/** Shared by the LDAP readers: naming contexts, DN helpers, and searches of optional containers. */

import type { AdGenericObject } from '../../../evidence/ldap.ts';
import { type LdapEntry, LdapError, type LdapSession, spelling, str, strs } from '../client.ts';

export const SCP_URL_KEYWORD = '77378F46-2C66-4aa9-A6A6-3E7A48B19596';
export const SCP_POINTER_KEYWORD = '67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68';

export interface Naming {
  domain: string;
  configuration: string;
  schema: string;
}

export function exchangeRoot(n: Naming): string {
  return `CN=Microsoft Exchange,CN=Services,${n.configuration}`;
}

export function rdnValue(dn: string): string {
  const m = dn.match(/^[^=]+=((?:\\.|[^,\\])*)/);
  return (m?.[1] ?? dn).replace(/\\(.)/g, '$1');
}

export function nameOf(e: LdapEntry): string {
  return str(e, 'name') ?? str(e, 'cn') ?? rdnValue(e.dn);
}

/** Drops undefined fields so snapshots stay small and exactOptionalPropertyTypes is happy. */
export function clean<T extends object>(o: T): T {
  // A copy rather than `delete`: deleting a property turns a V8 object into a hash table
  // (dictionary mode), about 2.5× the memory of the copy — per user, at 100k users.
  const out = {} as T;
  // for…in over a plain object literal: its own keys, without a keys array per record
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** Searches a container that may not exist (an unconfigured feature): absent → []. */
export async function optionalSearch(
  s: LdapSession,
  base: string,
  spec: Parameters<LdapSession['search']>[1],
): Promise<LdapEntry[]> {
  try {
    return await s.search(base, spec);
  } catch (err) {
    if (err instanceof LdapError && err.code === 'NOT_FOUND') return [];
    throw err;
  }
}

/** Objects whose attribute names are unconfirmed: every attribute, as text. */
export async function readGeneric(
  s: LdapSession,
  base: string,
  filter: string,
  scope: 'one' | 'sub' = 'sub',
): Promise<AdGenericObject[]> {
  const entries = await optionalSearch(s, base, { scope, filter, attributes: ['*'] });
  return entries.map((e) => {
    const attributes: Record<string, string[]> = {};
    for (const [key, values] of e.attrs) {
      if (key === 'ntsecuritydescriptor') continue;
      attributes[spelling(e, key)] = values.map((v) =>
        Buffer.isBuffer(v) ? `base64:${v.toString('base64')}` : String(v),
      );
    }
    return { dn: e.dn, name: nameOf(e), objectClass: strs(e, 'objectClass'), attributes };
  });
}
