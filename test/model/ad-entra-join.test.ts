import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { joinUsers, sourceAnchorOf } from '../../src/model/ad-entra-join.ts';
import { normalizeAnchor } from '../../src/model/guid.ts';

const ad = (sam: string, objectGuid: string, consistencyGuid?: string): AdUser => ({
  dn: `CN=${sam},OU=Users,DC=corp,DC=contoso,DC=com`,
  sAMAccountName: sam,
  proxyAddresses: [],
  objectGuid,
  ...(consistencyGuid ? { consistencyGuid } : {}),
});
const entra = (id: string, immutable: string | null, dn?: string, sam?: string): GraphUser => ({
  id,
  userPrincipalName: `${id}@contoso.com`,
  proxyAddresses: [],
  onPremisesSyncEnabled: true,
  onPremisesImmutableId: immutable,
  onPremisesDistinguishedName: dn ?? null,
  onPremisesSamAccountName: sam ?? null,
});

describe('AD ⇄ Entra join', () => {
  it('prefers mS-DS-ConsistencyGuid and falls back to objectGUID for the anchor', () => {
    expect(sourceAnchorOf(ad('a', 'AAAA', 'BBBB'))).toEqual({
      value: 'BBBB',
      source: 'mS-DS-ConsistencyGuid',
    });
    expect(sourceAnchorOf(ad('a', 'AAAA'))).toEqual({ value: 'AAAA', source: 'objectGUID' });
  });

  it('joins by anchor, then DN, then sAMAccountName, and reports the rest on both sides', () => {
    const users = [
      ad('alice', 'q2pWyJ3+5UiqoeO2l0VBAQ=='),
      ad('dave', 'NEW'),
      ad('carol', 'X'),
      ad('zoe', 'Z'),
    ];
    const graph = [
      entra('alice', 'c8566aab-fe9d-48e5-aaa1-e3b697454101'), // GUID text form of alice's objectGUID
      entra('dave', 'OLD', 'CN=dave,OU=Users,DC=corp,DC=contoso,DC=com'),
      entra('carol', 'Y', 'CN=carol,OU=Old,DC=corp,DC=contoso,DC=com', 'carol'),
      entra('cloudonly', 'Q'),
    ];
    const j = joinUsers(users, graph);
    expect(j.pairs.map((p) => [p.ad.sAMAccountName, p.joinedBy, p.anchorMatches])).toEqual([
      ['alice', 'sourceAnchor', true],
      ['dave', 'distinguishedName', false],
      ['carol', 'sAMAccountName', false],
    ]);
    expect(j.adOnly.map((u) => u.sAMAccountName)).toEqual(['zoe']);
    expect(j.graphOnly.map((g) => g.id)).toEqual(['cloudonly']);
  });

  it('does not join by an ambiguous sAMAccountName (two Entra users from two domains)', () => {
    const j = joinUsers(
      [ad('bob', 'B1')],
      [entra('bob1', 'X', undefined, 'bob'), entra('bob2', 'Y', undefined, 'bob')],
    );
    expect(j.pairs).toEqual([]);
    expect(j.adOnly).toHaveLength(1);
  });

  it('with two Entra users claiming one anchor, joins the last one; DN and sAMAccountName match in any case', () => {
    const first = entra('first', 'DUP');
    const last = entra('last', 'DUP');
    const j = joinUsers([ad('dup', 'DUP')], [first, last]);
    expect(j.pairs.map((p) => [p.graph.id, p.joinedBy, p.anchorMatches])).toEqual([
      ['last', 'sourceAnchor', true],
    ]);
    expect(j.graphOnly.map((g) => g.id)).toEqual(['first']);

    const byDn = joinUsers(
      [ad('Dana', 'D1')],
      [entra('dana', 'OTHER', 'cn=DANA,ou=users,dc=CORP,dc=contoso,dc=com')],
    );
    expect(byDn.pairs.map((p) => [p.joinedBy, p.anchorMatches])).toEqual([['distinguishedName', false]]);
    const bySam = joinUsers([ad('Erin', 'E1')], [entra('erin', null, undefined, 'ERIN')]);
    expect(bySam.pairs.map((p) => p.joinedBy)).toEqual(['sAMAccountName']);
  });

  it('a third Entra user with one sAMAccountName keeps it ambiguous', () => {
    const j = joinUsers(
      [ad('sam', 'S0')],
      [
        entra('s1', 'X', undefined, 'sam'),
        entra('s2', 'Y', undefined, 'SAM'),
        entra('s3', 'Z', undefined, 'sam'),
      ],
    );
    expect(j.pairs).toEqual([]);
  });

  it('joins exactly as the plain definition with object sets does (property test)', () => {
    // The plain definition: maps of Entra users by anchor, DN and sAMAccountName (last one wins,
    // a shared sAMAccountName is ambiguous), a Set of the users taken.
    const reference = (adUsers: AdUser[], graphUsers: GraphUser[]) => {
      const lower = (s: string | null | undefined) => s?.trim().toLowerCase() || undefined;
      const byAnchor = new Map<string, GraphUser>();
      const byDn = new Map<string, GraphUser>();
      const bySam = new Map<string, GraphUser | null>();
      for (const g of graphUsers) {
        const anchor = normalizeAnchor(g.onPremisesImmutableId);
        if (anchor) byAnchor.set(anchor, g);
        const dn = lower(g.onPremisesDistinguishedName);
        if (dn) byDn.set(dn, g);
        const sam = lower(g.onPremisesSamAccountName);
        if (sam) bySam.set(sam, bySam.has(sam) ? null : g);
      }
      const used = new Set<GraphUser>();
      const pairs: object[] = [];
      const adOnly: AdUser[] = [];
      const take = (ad: AdUser, graph: GraphUser, joinedBy: string) => {
        used.add(graph);
        const anchor = sourceAnchorOf(ad);
        const anchorMatches =
          joinedBy === 'sourceAnchor' || normalizeAnchor(graph.onPremisesImmutableId) === anchor.value;
        pairs.push({ ad, graph, joinedBy, anchor, anchorMatches });
      };
      const rest: AdUser[] = [];
      for (const ad of adUsers) {
        const hit = byAnchor.get(sourceAnchorOf(ad).value);
        if (hit && !used.has(hit)) take(ad, hit, 'sourceAnchor');
        else rest.push(ad);
      }
      for (const ad of rest) {
        const dnHit = byDn.get(ad.dn.toLowerCase());
        if (dnHit && !used.has(dnHit)) {
          take(ad, dnHit, 'distinguishedName');
          continue;
        }
        const samHit = ad.sAMAccountName
          ? (bySam.get(ad.sAMAccountName.toLowerCase()) ?? undefined)
          : undefined;
        if (samHit && !used.has(samHit)) take(ad, samHit, 'sAMAccountName');
        else adOnly.push(ad);
      }
      return {
        pairs,
        adOnly,
        graphOnly: graphUsers.filter((g) => !used.has(g) && g.onPremisesSyncEnabled === true),
      };
    };
    const guid = fc.constantFrom(
      'q2pWyJ3+5UiqoeO2l0VBAQ==',
      'fhwfbFotnkudPwobLD1OXw==',
      'c8566aab-fe9d-48e5-aaa1-e3b697454101',
    );
    const adUser = fc.record({
      dn: fc.constantFrom('CN=A,DC=x', 'cn=a,dc=x', 'CN=B,DC=x'),
      sAMAccountName: fc.option(fc.constantFrom('a', 'A', 'b'), { nil: undefined }),
      objectGuid: guid,
      consistencyGuid: fc.option(guid, { nil: undefined }),
      proxyAddresses: fc.constant([]),
    });
    const graphUser = fc.record({
      id: fc.uuid(),
      userPrincipalName: fc.constant('u@x.com'),
      proxyAddresses: fc.constant([]),
      onPremisesImmutableId: fc.option(guid, { nil: null }),
      onPremisesDistinguishedName: fc.option(fc.constantFrom('CN=A,DC=x', ' cn=b,dc=x ', 'CN=C,DC=x'), {
        nil: null,
      }),
      onPremisesSamAccountName: fc.option(fc.constantFrom('a', 'B', ' b'), { nil: null }),
      onPremisesSyncEnabled: fc.constantFrom(true, null),
    });
    fc.assert(
      fc.property(
        fc.array(adUser, { maxLength: 4 }),
        fc.array(graphUser, { maxLength: 4 }),
        (ads, graphs) => {
          const a = ads as unknown as AdUser[];
          const g = graphs as unknown as GraphUser[];
          expect(joinUsers(a, g)).toEqual(reference(a, g));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
