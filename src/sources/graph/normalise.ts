/** Trims Graph objects to what a snapshot keeps (no @odata fields, no secret hints). */
import type { GraphApplication, GraphUser } from '../../evidence/graph.ts';

export function pick<T extends object>(o: T, keys: readonly string[]): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as T;
}

export function stripOdata<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('@odata'))) as T;
}

export function normaliseUser(u: Record<string, unknown>): GraphUser {
  const user = stripOdata(u) as unknown as GraphUser;
  return {
    ...user,
    proxyAddresses: user.proxyAddresses ?? [],
    onPremisesProvisioningErrors: user.onPremisesProvisioningErrors ?? [],
    serviceProvisioningErrors: (user.serviceProvisioningErrors ?? []).map(stripOdata),
    assignedPlans: user.assignedPlans ?? [],
  };
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
