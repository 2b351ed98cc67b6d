import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Directory, normDn } from '../../../src/simulator/ldap/directory.ts';
import type { LdifEntry } from '../../../src/simulator/ldap/ldif.ts';

// The scope of a search as RFC 4511 §4.5.1.2 defines it (base object, its children, its whole
// subtree), minus AD's other partitions below the base: every entry tested by its DN's suffix,
// as the simulator did before it walked a tree.
function byEverySuffix(dir: Directory, base: string, scope: 'one' | 'sub'): string[] {
  const key = normDn(base);
  const parts = dir.partitions().filter((p) => p !== key);
  const inOther = (k: string) => parts.some((p) => (k === p || k.endsWith(`,${p}`)) && p.endsWith(`,${key}`));
  const parent = (k: string) => k.match(/^(?:\\.|[^,\\])*,(.*)$/)?.[1];
  return dir.entries
    .filter((e) =>
      scope === 'one'
        ? parent(e.key) === key && !inOther(e.key)
        : (e.key === key || e.key.endsWith(`,${key}`)) && !inOther(e.key),
    )
    .map((e) => e.dn);
}

const SUFFIX = 'DC=contoso,DC=com';
// Short names so that DNs often nest; some entries are left out, so parents may be missing.
const rdn = fc.constantFrom('OU=a', 'OU=b', 'CN=c', 'CN=Configuration', 'CN=Schema', 'CN=x\\,y', 'OU=A');
const dn = fc.array(rdn, { minLength: 0, maxLength: 4 }).map((rdns) => [...rdns, SUFFIX].join(','));

describe('simulated directory: the entries in scope of a search', () => {
  it('are those whose DN lies in the scope, in LDIF order, with other partitions left out', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(dn, { maxLength: 40, selector: (d) => normDn(d) }),
        fc.array(dn, { maxLength: 3 }),
        fc.nat(),
        (dns, partitions, pick) => {
          const ldif: LdifEntry[] = [
            { dn: '', attributes: [['namingContexts', [SUFFIX, ...partitions]]] },
            ...dns.map((d): LdifEntry => ({ dn: d, attributes: [['objectClass', ['top']]] })),
          ];
          const dir = new Directory(ldif);
          const base = dir.entries[pick % Math.max(dir.entries.length, 1)];
          if (!base) return;
          for (const scope of ['one', 'sub'] as const)
            expect(dir.scope(base, scope).entries.map((e) => e.dn)).toEqual(
              byEverySuffix(dir, base.dn, scope),
            );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('include entries added after the first search', () => {
    const dir = new Directory([
      { dn: SUFFIX, attributes: [] },
      { dn: `OU=a,${SUFFIX}`, attributes: [] },
    ]);
    const base = dir.get(SUFFIX)!;
    expect(dir.scope(base, 'sub').entries).toHaveLength(2);
    const added = { dn: `CN=n,OU=a,${SUFFIX}`, key: normDn(`CN=n,OU=a,${SUFFIX}`), attrs: new Map() };
    dir.entries.push(added);
    dir.byKey.set(added.key, added);
    expect(dir.scope(base, 'sub').entries.map((e) => e.dn)).toEqual([SUFFIX, `OU=a,${SUFFIX}`, added.dn]);
  });
});
