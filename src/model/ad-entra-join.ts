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
  // Entra users by position: a typed array marks those taken, no Set of objects at 100k.
  const byAnchor = new Map<string, number>();
  for (let i = 0; i < graphUsers.length; i++) {
    const anchor = normalizeAnchor(graphUsers[i]!.onPremisesImmutableId);
    if (anchor) byAnchor.set(anchor, i);
  }
  const used = new Uint8Array(graphUsers.length);
  const pairs: JoinedUser[] = [];
  const adOnly: AdUser[] = [];
  const rest: AdUser[] = [];
  for (const ad of adUsers) {
    const anchor = sourceAnchorOf(ad);
    const hit = byAnchor.get(anchor.value);
    if (hit !== undefined && used[hit] === 0) {
      used[hit] = 1;
      // Joined by anchor, the anchors match by construction (byAnchor is keyed by the normalised id).
      pairs.push({ ad, graph: graphUsers[hit]!, joinedBy: 'sourceAnchor', anchor, anchorMatches: true });
    } else rest.push(ad);
  }
  // The fallback keys, only when some AD user is left: in a healthy sync every user joins by anchor.
  const byDn = new Map<string, number>();
  /** The one Entra user with a sAMAccountName, or -1 when several share it. */
  const bySam = new Map<string, number>();
  if (rest.length > 0)
    for (let i = 0; i < graphUsers.length; i++) {
      const g = graphUsers[i]!;
      const dn = lower(g.onPremisesDistinguishedName);
      if (dn) byDn.set(dn, i);
      const sam = lower(g.onPremisesSamAccountName);
      if (sam) bySam.set(sam, bySam.has(sam) ? -1 : i);
    }
  const fallback = (ad: AdUser, hit: number | undefined, joinedBy: JoinKey): boolean => {
    if (hit === undefined || hit < 0 || used[hit] !== 0) return false;
    used[hit] = 1;
    const graph = graphUsers[hit]!;
    const anchor = sourceAnchorOf(ad);
    pairs.push({
      ad,
      graph,
      joinedBy,
      anchor,
      anchorMatches: normalizeAnchor(graph.onPremisesImmutableId) === anchor.value,
    });
    return true;
  };
  for (const ad of rest) {
    if (fallback(ad, byDn.get(ad.dn.toLowerCase()), 'distinguishedName')) continue;
    const sam = ad.sAMAccountName ? bySam.get(ad.sAMAccountName.toLowerCase()) : undefined;
    if (!fallback(ad, sam, 'sAMAccountName')) adOnly.push(ad);
  }
  const graphOnly = graphUsers.filter((g, i) => used[i] === 0 && g.onPremisesSyncEnabled === true);
  return { pairs, adOnly, graphOnly };
}
