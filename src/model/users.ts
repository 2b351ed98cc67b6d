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

const EMPTY: AddressOwners = { ad: [], graph: [] };

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
    const slot = (a: string) => {
      const owners = index.get(a) ?? { ad: [], graph: [] };
      index.set(a, owners);
      return owners;
    };
    for (const u of adUsers ?? []) for (const a of addressesOf(u)) slot(a).ad.push(u);
    for (const g of graphUsers ?? []) for (const a of addressesOf(g)) slot(a).graph.push(g);
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
