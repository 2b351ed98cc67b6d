import type { GraphUser } from '../evidence/graph.ts';
import type { AdUser } from '../evidence/ldap.ts';
import { normalizeAnchor } from './guid.ts';

type AnchorSource = 'mS-DS-ConsistencyGuid' | 'objectGUID';
type JoinKey = 'sourceAnchor' | 'distinguishedName' | 'sAMAccountName';

/** The source anchor Entra Connect uses for an AD user: mS-DS-ConsistencyGuid, else objectGUID. */
export function sourceAnchorOf(user: AdUser): { value: string; source: AnchorSource } {
  return user.consistencyGuid
    ? { value: user.consistencyGuid, source: 'mS-DS-ConsistencyGuid' }
    : { value: user.objectGuid, source: 'objectGUID' };
}

export interface JoinedUser {
  ad: AdUser;
  graph: GraphUser;
  /** How the pair was found: the anchor, or a fallback key. */
  joinedBy: JoinKey;
  anchor: { value: string; source: AnchorSource };
  /** Whether base64(anchor) equals onPremisesImmutableId. */
  anchorMatches: boolean;
}

export interface UserJoin {
  pairs: JoinedUser[];
  /** AD users with no Entra counterpart by any key. */
  adOnly: AdUser[];
  /** Synced Entra users no AD user claims. */
  graphOnly: GraphUser[];
}

const lower = (s: string | null | undefined) => s?.trim().toLowerCase() || undefined;

/**
 * Joins AD users to Entra users: first by source anchor ⇄ onPremisesImmutableId, then — for the
 * rest — by onPremisesDistinguishedName, then onPremisesSamAccountName. A fallback join with a
 * different anchor is the mismatch `sync.source-anchor-match` reports.
 */
export function joinUsers(adUsers: readonly AdUser[], graphUsers: readonly GraphUser[]): UserJoin {
  const byAnchor = new Map<string, GraphUser>();
  for (const g of graphUsers) {
    const anchor = normalizeAnchor(g.onPremisesImmutableId);
    if (anchor) byAnchor.set(anchor, g);
  }
  const used = new Set<GraphUser>();
  const pairs: JoinedUser[] = [];
  const adOnly: AdUser[] = [];
  const take = (ad: AdUser, graph: GraphUser, joinedBy: JoinKey, anchor = sourceAnchorOf(ad)) => {
    used.add(graph);
    // Joined by anchor, the anchors match by construction (byAnchor is keyed by the normalised id).
    const anchorMatches =
      joinedBy === 'sourceAnchor' || normalizeAnchor(graph.onPremisesImmutableId) === anchor.value;
    pairs.push({ ad, graph, joinedBy, anchor, anchorMatches });
  };
  const rest: AdUser[] = [];
  for (const ad of adUsers) {
    const anchor = sourceAnchorOf(ad);
    const hit = byAnchor.get(anchor.value);
    if (hit && !used.has(hit)) take(ad, hit, 'sourceAnchor', anchor);
    else rest.push(ad);
  }
  // The fallback keys, only when some AD user is left: in a healthy sync every user joins by anchor.
  const byDn = new Map<string, GraphUser>();
  /** The one Entra user with a sAMAccountName, or null when several share it. */
  const bySam = new Map<string, GraphUser | null>();
  if (rest.length > 0)
    for (const g of graphUsers) {
      const dn = lower(g.onPremisesDistinguishedName);
      if (dn) byDn.set(dn, g);
      const sam = lower(g.onPremisesSamAccountName);
      if (sam) bySam.set(sam, bySam.has(sam) ? null : g);
    }
  for (const ad of rest) {
    const dnHit = byDn.get(ad.dn.toLowerCase());
    if (dnHit && !used.has(dnHit)) {
      take(ad, dnHit, 'distinguishedName');
      continue;
    }
    const samHit = ad.sAMAccountName ? (bySam.get(ad.sAMAccountName.toLowerCase()) ?? undefined) : undefined;
    if (samHit && !used.has(samHit)) take(ad, samHit, 'sAMAccountName');
    else adOnly.push(ad);
  }
  const graphOnly = graphUsers.filter((g) => !used.has(g) && g.onPremisesSyncEnabled === true);
  return { pairs, adOnly, graphOnly };
}
