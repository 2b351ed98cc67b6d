import { readFileSync } from 'node:fs';
import type { CheckSettings } from '../../src/engine/types.ts';
import type { ArtifactMap } from '../../src/evidence/index.ts';

type LdapKey = Extract<keyof ArtifactMap, `ldap.${string}`>;
export type LdapArtifacts = { [K in LdapKey]: ArtifactMap[K] };

const BASE = JSON.parse(
  readFileSync(new URL('../../fixtures/ldap/contoso-ready-artifacts.json', import.meta.url), 'utf8'),
) as LdapArtifacts;

/** A fresh copy of what the LDAP collector reads from contoso-ready (kept in sync by a collector test). */
export function ldapArtifacts(): LdapArtifacts {
  return structuredClone(BASE);
}

export const SETTINGS: Partial<CheckSettings> = {
  tenant: 'contoso.onmicrosoft.com',
  domains: ['contoso.com'],
};

export function user(a: LdapArtifacts, sam: string) {
  const u = a['ldap.users'].find((x) => x.sAMAccountName === sam);
  if (!u) throw new Error(`no user ${sam} in the fixture`);
  return u;
}
