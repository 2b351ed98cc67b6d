/**
 * The organisation the collection and full-scan sections measure: contoso-ready's directory and
 * tenant with N users added on each side (cloned from its first user on each side, each with its
 * own names and GUIDs; the Entra copy's onPremisesImmutableId is the AD copy's objectGUID). Built
 * by each simulator child (bench/sim-child.ts) for the simulator it runs.
 */
import { readFileSync } from 'node:fs';
import { type LdifEntry, parseLdif } from '../src/simulator/ldap/ldif.ts';
import type { Scenario } from '../src/simulator/scenario.ts';

export const BIND_DN = 'hybridscan@corp.contoso.com';
export const PASSWORD = 'Bench-Ldap-Passw0rd!';
export const DOMAIN = 'DC=corp,DC=contoso,DC=com';
/** The LDAP collector's user search (src/sources/ldap/read/recipients.ts readUsers), for the floors. */
export const USER_FILTER = '(&(objectCategory=person)(objectClass=user))';

function benchGuid(i: number): Buffer {
  const guid = Buffer.alloc(16);
  guid.writeUInt32BE(0xbe7c0000, 0);
  guid.writeUInt32BE(i, 12);
  return guid;
}

/** contoso-ready's directory plus `n` users cloned from Alice, each with its own names and GUIDs. */
export function scaledLdif(base: Scenario, n: number): LdifEntry[] {
  const entries = parseLdif(readFileSync(base.file('ldap.ldif')!, 'utf8'));
  const alice = entries.find((e) => e.dn.startsWith('CN=Alice Anders,'))!;
  for (let i = 0; i < n; i++) {
    const name = `bench${i}`;
    const guid = benchGuid(i);
    entries.push({
      dn: `CN=Bench User ${i},OU=Users,OU=Contoso,${DOMAIN}`,
      attributes: alice.attributes.map(([attr, values]) => {
        const lower = attr.toLowerCase();
        if (lower === 'objectguid' || lower === 'ms-ds-consistencyguid') return [attr, [guid]];
        if (lower === 'msexchmailboxguid') return [attr, [Buffer.from(guid).reverse()]];
        return [
          attr,
          values.map((v) =>
            typeof v === 'string' ? v.replace(/Alice Anders/g, `Bench User ${i}`).replace(/alice/g, name) : v,
          ),
        ];
      }),
    });
  }
  return entries;
}

/** The scenario with `n` Entra users added, cloned from its first one. */
export function scaledGraph(base: Scenario, n: number): Scenario {
  const users = base.data<{ users: Record<string, unknown>[] }>('graph/users.yaml')!.users;
  const template = users[0]!;
  const extra = Array.from({ length: n }, (_, i) => {
    const upn = `bench${i}@contoso.com`;
    return {
      ...template,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      userPrincipalName: upn,
      displayName: `Bench User ${i}`,
      mail: upn,
      proxyAddresses: [`SMTP:${upn}`, `smtp:bench${i}@contoso.mail.onmicrosoft.com`],
      onPremisesImmutableId: benchGuid(i).toString('base64'),
      onPremisesDistinguishedName: `CN=Bench User ${i},OU=Users,OU=Contoso,${DOMAIN}`,
      onPremisesSamAccountName: `bench${i}`,
      onPremisesUserPrincipalName: upn,
    };
  });
  return {
    ...base,
    data: <T>(relative: string) =>
      (relative === 'graph/users.yaml' ? { users: [...users, ...extra] } : base.data(relative)) as T,
  };
}
