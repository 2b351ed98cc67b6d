/** Helpers shared by the app.* and hybrid.* checks (no default export: not a check). */
import { z } from 'zod';
import type {
  GraphAppInfo,
  GraphKeyCredential,
  GraphPasswordCredential,
  GraphServicePrincipal,
} from '../../src/evidence/graph.ts';
import {
  EXO_APP_ID,
  EXO_PERMISSION_IDS,
  GRAPH_APP_ID,
  GRAPH_PERMISSION_IDS,
} from '../../src/model/graph-permissions.ts';

interface ProfilePermission {
  resourceAppId: string;
  resource: string;
  name: string;
  id: string;
}

const graph = (name: string): ProfilePermission => ({
  resourceAppId: GRAPH_APP_ID,
  resource: 'Microsoft Graph',
  name,
  id: GRAPH_PERMISSION_IDS[name]!,
});
export const FULL_ACCESS_AS_APP: ProfilePermission = {
  resourceAppId: EXO_APP_ID,
  resource: 'Office 365 Exchange Online',
  name: 'full_access_as_app',
  id: EXO_PERMISSION_IDS.full_access_as_app!,
};

/**
 * Permission profiles of the archiving app. MailStore's current list could not be retrieved, so
 * these are configurable (catalogue §7, unconfirmed):
 * - `graph` (default): archiving over Microsoft Graph after the EWS retirement in Exchange Online:
 *   User.Read.All + GroupMember.Read.All (user sync) + Mail.Read (mailbox access).
 * - `ews`: the classic EWS profile: User.Read.All + GroupMember.Read.All + full_access_as_app.
 * - `custom`: exactly `checks.app.required-permissions.options.permissions`.
 */
const PROFILES: Record<'graph' | 'ews', ProfilePermission[]> = {
  graph: [graph('User.Read.All'), graph('GroupMember.Read.All'), graph('Mail.Read')],
  ews: [graph('User.Read.All'), graph('GroupMember.Read.All'), FULL_ACCESS_AS_APP],
};

export const profileOptions = z.strictObject({
  profile: z.enum(['graph', 'ews', 'custom']).default('graph'),
  /** For `custom`: [{resourceAppId, id, name}] (resourceAppId defaults to Microsoft Graph). */
  permissions: z
    .array(
      z.strictObject({
        resourceAppId: z.string().default(GRAPH_APP_ID),
        id: z.string().regex(/^[0-9a-f-]{36}$/i, 'expected an app role id (GUID)'),
        name: z.string().min(1),
      }),
    )
    .default([]),
  /** Mail.ReadWrite satisfies Mail.Read (MailStore's restore needs write; reading does not). */
  acceptSupersets: z.boolean().default(true),
});

export function activeProfile(opts: z.output<typeof profileOptions>): ProfilePermission[] {
  if (opts.profile === 'custom')
    return opts.permissions.map((p) => ({
      ...p,
      resource:
        p.resourceAppId === EXO_APP_ID
          ? 'Office 365 Exchange Online'
          : p.resourceAppId === GRAPH_APP_ID
            ? 'Microsoft Graph'
            : p.resourceAppId,
    }));
  return PROFILES[opts.profile];
}

/** Permission ids that also satisfy a wanted one. */
export const SUPERSET_IDS: Record<string, string[]> = {
  [GRAPH_PERMISSION_IDS['Mail.Read']!]: [GRAPH_PERMISSION_IDS['Mail.ReadWrite']!],
  [GRAPH_PERMISSION_IDS['User.Read.All']!]: [GRAPH_PERMISSION_IDS['Directory.Read.All']!],
  [GRAPH_PERMISSION_IDS['GroupMember.Read.All']!]: [GRAPH_PERMISSION_IDS['Directory.Read.All']!],
};

/** A readable name for an app role id: from the resource SP's appRoles, else the built-in table. */
export function roleName(
  resourceAppId: string,
  id: string,
  resources: Record<string, GraphServicePrincipal> | undefined,
): string {
  const fromSp = resources?.[resourceAppId]?.appRoles?.find((r) => r.id === id)?.value;
  if (fromSp) return fromSp;
  const table =
    resourceAppId === EXO_APP_ID
      ? EXO_PERMISSION_IDS
      : resourceAppId === GRAPH_APP_ID
        ? GRAPH_PERMISSION_IDS
        : {};
  return Object.entries(table).find(([, v]) => v === id)?.[0] ?? id;
}

/** Whether admin consent exists: an appRoleAssignment of that role on the resource's SP. */
export function granted(
  app: GraphAppInfo,
  resourceAppId: string,
  roleId: string,
  resources: Record<string, GraphServicePrincipal> | undefined,
): boolean {
  const resourceSpId = resources?.[resourceAppId]?.id;
  return app.appRoleAssignments.some(
    (a) => a.appRoleId === roleId && (resourceSpId === undefined || a.resourceId === resourceSpId),
  );
}

/** Whether the app is configured with (requiredResourceAccess, type Role) a given app role. */
export function configured(app: GraphAppInfo, resourceAppId: string, roleId: string): boolean {
  return (app.application?.requiredResourceAccess ?? []).some(
    (r) =>
      r.resourceAppId === resourceAppId && r.resourceAccess.some((a) => a.id === roleId && a.type === 'Role'),
  );
}

type Credential = (GraphKeyCredential | GraphPasswordCredential) & { kind: 'certificate' | 'secret' };

export function credentialsOf(app: {
  keyCredentials?: GraphKeyCredential[];
  passwordCredentials?: GraphPasswordCredential[];
}): Credential[] {
  return [
    ...(app.keyCredentials ?? []).map((c) => ({ ...c, kind: 'certificate' as const })),
    ...(app.passwordCredentials ?? []).map((c) => ({ ...c, kind: 'secret' as const })),
  ];
}

export function credentialLabel(c: Credential): string {
  const name = c.displayName || c.keyId || '(unnamed)';
  return `${c.kind} ${name}`;
}

/** Days until a credential ends (negative: expired); undefined when it has no end date. */
export function daysLeft(c: { endDateTime?: string | null }, now: Date): number | undefined {
  if (!c.endDateTime) return undefined;
  const t = Date.parse(c.endDateTime);
  return Number.isNaN(t) ? undefined : (t - now.getTime()) / 86_400_000;
}

/** The app as a structured target: keyed by its appId (a GUID), so renaming the app keeps the key. */
export function appRef(app: GraphAppInfo): { kind: 'app'; id: string; label: string } {
  return { kind: 'app', id: app.appId, label: appTarget(app) };
}

/** One credential of the app, keyed by appId + keyId (display names of secrets are not unique). */
export function credentialRef(
  app: GraphAppInfo,
  c: { keyId?: string | null },
  label: string,
): { kind: 'credential'; id: string; label: string } {
  return { kind: 'credential', id: `${app.appId}/${c.keyId ?? label}`, label: `${appTarget(app)}: ${label}` };
}

export function appTarget(app: GraphAppInfo): string {
  const name = app.application?.displayName ?? app.servicePrincipal?.displayName;
  return name ? `${name} (${app.appId})` : app.appId;
}
