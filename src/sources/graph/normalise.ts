/**
 * Trims Graph objects to what a snapshot keeps (no @odata fields, no secret hints). The objects are
 * the collector's own (parsed from an answer, shared with nothing): they are completed in place,
 * and copied only when there is something to drop, not once more for every user of every page.
 */
import type { GraphApplication, GraphUser } from '../../evidence/graph.ts';

export function pick<T extends object>(o: T, keys: readonly string[]): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as T;
}

function hasOdata(o: object): boolean {
  for (const k in o) if (k.startsWith('@odata')) return true;
  return false;
}

/** `o` without its @odata fields: `o` itself when it has none, else a copy without them. */
export function stripOdata<T extends object>(o: T): T {
  if (!hasOdata(o)) return o;
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('@odata'))) as T;
}

export function normaliseUser(u: Record<string, unknown>): GraphUser {
  const user = stripOdata(u) as unknown as GraphUser;
  user.proxyAddresses ??= [];
  user.onPremisesProvisioningErrors ??= [];
  user.serviceProvisioningErrors = (user.serviceProvisioningErrors ?? []).map(stripOdata);
  user.assignedPlans ??= [];
  return user;
}

export function normaliseApp(a: GraphApplication): GraphApplication {
  const app = stripOdata(a);
  return {
    ...app,
    requiredResourceAccess: app.requiredResourceAccess ?? [],
    keyCredentials: app.keyCredentials ?? [],
    // `hint` is the first characters of the secret itself: never kept in a snapshot.
    passwordCredentials: (app.passwordCredentials ?? []).map(({ hint: _, ...rest }) => rest),
  };
}
