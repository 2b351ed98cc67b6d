/**
 * The users view: the one AD⇄Entra join of a scan (joinUsers), with the lookups checks need built
 * once as maps — by pair, by address, by GUID — so no check searches a user list inside a loop.
 */
import type { GraphUser } from '../evidence/graph.ts';
import type { AdUser } from '../evidence/ldap.ts';
import { type JoinedUser, joinUsers, type UserJoin } from './ad-entra-join.ts';
import { guidBase64ToText } from './guid.ts';
import { smtpAddresses } from './primary-smtp.ts';

interface AddressOwners {
  ad: AdUser[];
  graph: GraphUser[];
}

export interface UsersView extends UserJoin {
  /** Whether LDAP users were collected (else every Graph user is unjoined for lack of data). */
  hasAd: boolean;
  /** The AD user joined to an Entra user, if any. */
  adFor(graph: GraphUser): AdUser | undefined;
  /** The Entra user joined to an AD user, if any. */
  graphFor(ad: AdUser): GraphUser | undefined;
  pairOf(ad: AdUser): JoinedUser | undefined;
  /** Users carrying an address as mail, UPN or an SMTP proxy address; case-insensitive. */
  byAddress(address: string): AddressOwners;
  /** The AD user whose objectGUID or mS-DS-ConsistencyGuid is this GUID (text, either case, or base64). */
  adByGuid(guid: string): AdUser | undefined;
}

/** The side of an address no user of that source carries (shared, so never written to). */
const NONE: never[] = Object.freeze([]) as never[];
const EMPTY: AddressOwners = { ad: NONE, graph: NONE };

function addressesOf(u: { mail?: string | null; userPrincipalName?: string; proxyAddresses: string[] }) {
  const out = new Set(smtpAddresses(u.proxyAddresses).all);
  for (const a of [u.mail, u.userPrincipalName]) {
    const t = a?.trim().toLowerCase();
    if (t) out.add(t);
  }
  return out;
}

function guidKey(value: string): string | undefined {
  const v = value.trim();
  return (guidBase64ToText(v) ?? v).replace(/[{}]/g, '').toLowerCase() || undefined;
}

export function buildUsersView(
  adUsers: readonly AdUser[] | undefined,
  graphUsers: readonly GraphUser[] | undefined,
): UsersView {
  const join = joinUsers(adUsers ?? [], graphUsers ?? []);
  const pairByAd = new Map<AdUser, JoinedUser>();
  const adByGraph = new Map<GraphUser, AdUser>();
  for (const p of join.pairs) {
    pairByAd.set(p.ad, p);
    adByGraph.set(p.graph, p.ad);
  }
  let addressIndex: Map<string, AddressOwners> | undefined;
  const addresses = () => {
    if (addressIndex) return addressIndex;
    const index = new Map<string, AddressOwners>();
    addressIndex = index;
    // Most addresses have one owner per side: a one-element array for it and one shared empty
    // array for the other side, instead of two growable arrays per address (~4× the memory at 100k).
    for (const u of adUsers ?? [])
      for (const a of addressesOf(u)) {
        const owners = index.get(a);
        if (!owners) index.set(a, { ad: [u], graph: NONE });
        else owners.ad.push(u);
      }
    for (const g of graphUsers ?? [])
      for (const a of addressesOf(g)) {
        const owners = index.get(a);
        if (!owners) index.set(a, { ad: NONE, graph: [g] });
        else if (owners.graph.length === 0) owners.graph = [g];
        else owners.graph.push(g);
      }
    return addressIndex;
  };
  let guidIndex: Map<string, AdUser> | undefined;
  const guids = () => {
    if (guidIndex) return guidIndex;
    guidIndex = new Map();
    for (const u of adUsers ?? [])
      for (const g of [u.objectGuid, u.consistencyGuid]) {
        const k = g ? guidKey(g) : undefined;
        if (k && !guidIndex.has(k)) guidIndex.set(k, u);
      }
    return guidIndex;
  };
  return {
    ...join,
    hasAd: adUsers !== undefined,
    adFor: (graph) => adByGraph.get(graph),
    graphFor: (ad) => pairByAd.get(ad)?.graph,
    pairOf: (ad) => pairByAd.get(ad),
    byAddress: (address) => addresses().get(address.trim().toLowerCase()) ?? EMPTY,
    adByGuid: (guid) => {
      const k = guidKey(guid);
      return k ? guids().get(k) : undefined;
    },
  };
}
