import type { ArtifactKey } from '../../engine/artifacts.ts';
import { describeError } from '../../util/errors.ts';
import type { CollectContext, Collector } from '../types.ts';
import {
  AuthFailure,
  createTokenSource,
  type DeviceCodePrompt,
  decodeClaims,
  defaultPrompt,
  explainAuthError,
} from './auth.ts';
import { createGraphApi, type GraphApi, GraphRequestError } from './client.ts';
import { RetryBudget } from './http.ts';
import { ARTIFACT_PERMISSION, EXO_APP_ID, GRAPH_APP_ID, holds } from './permissions.ts';
import type {
  GraphAppInfo,
  GraphApplication,
  GraphAppRoleAssignment,
  GraphDnsRecord,
  GraphDomain,
  GraphMailboxProbe,
  GraphOrganization,
  GraphServicePrincipal,
  GraphUser,
} from './types.ts';
import './types.ts';

const PRODUCES = [
  'graph.tokenPermissions',
  'graph.organization',
  'graph.domains',
  'graph.domainRecords',
  'graph.users',
  'graph.mailboxProbes',
  'graph.archiveApp',
  'graph.resourceServicePrincipals',
  'graph.hybridApps',
  'graph.exoServicePrincipal',
] as const satisfies readonly ArtifactKey[];

/** Fields the checks read, and nothing more ($select always). */
export const SELECT = {
  organization: [
    'id',
    'displayName',
    'onPremisesSyncEnabled',
    'onPremisesLastSyncDateTime',
    'verifiedDomains',
    'assignedPlans',
  ],
  domains: ['id', 'isVerified', 'isDefault', 'isInitial', 'authenticationType', 'supportedServices'],
  users: [
    'id',
    'userPrincipalName',
    'displayName',
    'mail',
    'proxyAddresses',
    'accountEnabled',
    'onPremisesSyncEnabled',
    'onPremisesImmutableId',
    'onPremisesDistinguishedName',
    'onPremisesSamAccountName',
    'onPremisesUserPrincipalName',
    'onPremisesProvisioningErrors',
    'serviceProvisioningErrors',
    'assignedPlans',
  ],
  application: [
    'id',
    'appId',
    'displayName',
    'signInAudience',
    'requiredResourceAccess',
    'web',
    'publicClient',
    'keyCredentials',
    'passwordCredentials',
  ],
  servicePrincipal: ['id', 'appId', 'displayName', 'accountEnabled', 'appRoleAssignmentRequired'],
  resourceSp: ['id', 'appId', 'displayName', 'appRoles'],
  exoSp: ['id', 'appId', 'displayName', 'keyCredentials', 'servicePrincipalNames'],
  assignment: ['id', 'appRoleId', 'resourceId', 'resourceDisplayName', 'principalId', 'createdDateTime'],
} as const;

type ArtifactRunner = (key: (typeof PRODUCES)[number], work: () => Promise<unknown>) => Promise<boolean>;

export interface GraphCollectorOptions {
  /** Where the device-code instructions go; default stderr. */
  prompt?: DeviceCodePrompt;
}

/**
 * Microsoft Graph: tenant, domains, users and app registrations, app-only (client secret or
 * certificate) or delegated (device code). Every artifact fails on its own with the cause; a 403
 * names the permission the artifact needs; an auth failure fails every artifact with AUTH_FAILED.
 */
export function createGraphCollector(options: GraphCollectorOptions = {}): Collector {
  return {
    id: 'graph',
    produces: PRODUCES,
    notConfigured: (config) =>
      config.graph ? undefined : 'set `graph.clientId` and a credential in the config',
    concurrency: (config) => config.graph?.concurrency ?? 4,
    collect: (ctx) => collectGraph(ctx, options.prompt ?? defaultPrompt),
  };
}

export default createGraphCollector();

async function collectGraph(ctx: CollectContext, prompt: DeviceCodePrompt): Promise<void> {
  const { config } = ctx;
  const graph = config.graph;
  if (!graph) return;
  const budget = new RetryBudget(graph.maxAttempts, graph.maxRetryWaitMs);
  const failAll = (message: string, code: string) => {
    for (const key of PRODUCES) ctx.fail(key, { message, code });
  };

  ctx.progress('signing in to Microsoft Entra ID');
  let getToken: ReturnType<typeof createTokenSource>;
  let first: Awaited<ReturnType<typeof getToken>>;
  try {
    getToken = createTokenSource({
      config,
      tls: ctx.tls,
      budget,
      signal: ctx.signal,
      count: ctx.countRequest,
      prompt,
    });
    first = await getToken();
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    const failure = err instanceof AuthFailure ? err : explainAuthError(err);
    failAll(failure.message, 'AUTH_FAILED');
    return;
  }

  const claims = decodeClaims(first.token);
  const delegated = first.auth === 'device-code';
  const held = delegated ? claims.scopes : claims.roles;
  const wanted = [...new Set(Object.values(ARTIFACT_PERMISSION))];
  const missing = wanted.filter((p) => !holds(held, p));
  ctx.put('graph.tokenPermissions', {
    mode: delegated ? 'delegated' : 'application',
    auth: first.auth,
    roles: claims.roles,
    scopes: claims.scopes,
    ...(claims.appId ? { appId: claims.appId } : {}),
    ...(claims.tenantId ? { tenantId: claims.tenantId } : {}),
    ...(claims.user ? { user: claims.user } : {}),
    ...(claims.expiresOn ? { expiresOn: claims.expiresOn } : {}),
    missing,
  });
  if (!delegated && claims.roles.length === 0) {
    ctx.progress('the token carries no application roles: admin consent missing?');
  }

  const api = createGraphApi({
    baseUrl: config.endpoints.graph,
    getToken: async () => (await getToken()).token,
    tls: ctx.tls,
    timeoutMs: graph.timeoutMs,
    connectTo: config.endpoints.connectTo,
    signal: ctx.signal,
    limiter: ctx.limiter,
    budget,
    pageSize: graph.pageSize,
    count: ctx.countRequest,
  });

  /** Runs one artifact's collection; any fault becomes that artifact's error, with the cause. */
  const artifact: ArtifactRunner = async (key, work) => {
    try {
      ctx.put(key, (await work()) as never);
      return true;
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.fail(key, toArtifactError(key, err, held, delegated));
      return false;
    }
  };

  const usersPromise = (async () => {
    let users: GraphUser[] | undefined;
    await artifact('graph.users', async () => {
      ctx.progress('users');
      users = (
        await api.list<Record<string, unknown>>('/users', SELECT.users, {
          onPage: (items, page) => ctx.progress(`users: page ${page} (${items.length})`),
        })
      ).map(normaliseUser);
      return users;
    });
    return users;
  })();

  await Promise.all([
    artifact('graph.organization', async () => {
      ctx.progress('organization');
      const orgs = await api.list<GraphOrganization>('/organization', SELECT.organization, { top: false });
      const org = orgs[0];
      if (!org) throw new Error('/organization returned no object');
      return org;
    }),
    (async () => {
      let domains: GraphDomain[] | undefined;
      const ok = await artifact('graph.domains', async () => {
        ctx.progress('domains');
        domains = (await api.list<GraphDomain>('/domains', SELECT.domains, { top: false })).map((d) => ({
          ...d,
          supportedServices: d.supportedServices ?? [],
        }));
        return domains;
      });
      if (!ok || !domains) {
        ctx.fail('graph.domainRecords', {
          message: 'graph.domains could not be collected',
          code: 'DEPENDENCY',
        });
        return;
      }
      const list = domains;
      await artifact('graph.domainRecords', async () => {
        ctx.progress('domain service configuration records');
        const answers = await api.batch(
          list.map((d, i) => ({
            id: String(i),
            // No $select here: the records are polymorphic (mailExchange, text, canonicalName live on
            // the derived types) and a $select of base properties would drop them.
            url: `/domains/${encodeURIComponent(d.id)}/serviceConfigurationRecords`,
          })),
        );
        const out: Record<string, GraphDnsRecord[]> = {};
        list.forEach((d, i) => {
          const a = answers.get(String(i));
          if (a?.status !== 200) throw batchError(`serviceConfigurationRecords of ${d.id}`, a);
          out[d.id] = ((a.body as { value?: GraphDnsRecord[] }).value ?? []).map(stripOdata);
        });
        return out;
      });
    })(),
    appArtifacts(ctx, api, artifact),
    (async () => {
      const users = await usersPromise;
      if (!users) {
        ctx.fail('graph.mailboxProbes', {
          message: 'graph.users could not be collected',
          code: 'DEPENDENCY',
        });
        return;
      }
      await artifact('graph.mailboxProbes', () => probeMailboxes(ctx, api, users));
    })(),
  ]);
  if (budget.retries > 0)
    ctx.progress(`recovered from ${budget.retries} throttled answers (${budget.waitedMs} ms waited)`);
}

async function appArtifacts(ctx: CollectContext, api: GraphApi, artifact: ArtifactRunner): Promise<void> {
  const appId = ctx.config.mailstore?.appId;
  // The Office 365 Exchange Online SP serves two artifacts: read it once with both field sets.
  const exoSp = api.get<GraphServicePrincipal>(`/servicePrincipals(appId='${EXO_APP_ID}')`, [
    ...new Set([...SELECT.resourceSp, ...SELECT.exoSp]),
  ]);
  exoSp.catch(() => {}); // handled by each artifact that awaits it
  await Promise.all([
    appId
      ? artifact('graph.archiveApp', async () => {
          ctx.progress(`archive app ${appId}`);
          return appInfo(api, appId);
        })
      : // Not an error: without mailstore.appId the app checks are skipped ("not collected").
        Promise.resolve(ctx.progress('mailstore.appId not set: archive app not inspected')),
    artifact('graph.resourceServicePrincipals', async () => {
      const [graphSp, exo] = await Promise.all([
        api.get<GraphServicePrincipal>(`/servicePrincipals(appId='${GRAPH_APP_ID}')`, SELECT.resourceSp),
        exoSp,
      ]);
      const out: Record<string, GraphServicePrincipal> = {};
      if (graphSp) out[GRAPH_APP_ID] = stripOdata(graphSp);
      if (exo) out[EXO_APP_ID] = pick(exo, SELECT.resourceSp);
      return out;
    }),
    artifact('graph.hybridApps', async () => {
      ctx.progress('dedicated Exchange hybrid app');
      const apps = await api.list<GraphApplication>('/applications', SELECT.application, {
        filter: "startswith(displayName,'ExchangeServerApp-')",
      });
      return Promise.all(apps.map((a) => appInfo(api, a.appId, normaliseApp(a))));
    }),
    artifact('graph.exoServicePrincipal', async () => {
      const sp = await exoSp;
      return sp ? pick(sp, SELECT.exoSp) : null;
    }),
  ]);
}

async function appInfo(api: GraphApi, appId: string, known?: GraphApplication): Promise<GraphAppInfo> {
  const key = `(appId='${encodeURIComponent(appId)}')`;
  const [application, servicePrincipal] = await Promise.all([
    known ? Promise.resolve(known) : api.get<GraphApplication>(`/applications${key}`, SELECT.application),
    api.get<GraphServicePrincipal>(`/servicePrincipals${key}`, SELECT.servicePrincipal),
  ]);
  const appRoleAssignments = servicePrincipal
    ? (
        await api.list<GraphAppRoleAssignment>(
          `/servicePrincipals/${servicePrincipal.id}/appRoleAssignments`,
          SELECT.assignment,
        )
      ).map(stripOdata)
    : [];
  return {
    appId,
    application: application ? normaliseApp(application) : null,
    servicePrincipal: servicePrincipal ? stripOdata(servicePrincipal) : null,
    appRoleAssignments,
  };
}

/**
 * Mailbox probes for SUSPECTS only, never for everyone: a mailboxSettings call per user costs one
 * request each and needs MailboxSettings.Read. A user is a suspect when its cloud mailbox state
 * decides a check: it has a directory-sync provisioning error (sync.provisioning-errors fails only
 * for mailbox owners), an unresolved Exchange provisioning error, a synced UPN that fell back to
 * *.onmicrosoft.com (sync.upn-routable), or it is a configured probe user (probes.*); then, for the
 * mailbox placement checks (mbx.*), users with an Exchange Online plan, then other mail-enabled
 * users. At most graph.maxMailboxProbes users, first by that order (the mbx.* findings say when a
 * mailbox user was left out).
 */
export function pickSuspects(
  users: readonly GraphUser[],
  probes: { onPremisesMailbox?: string; cloudMailbox?: string } | undefined,
  max: number,
): { user: GraphUser; reason: string }[] {
  const out = new Map<string, { user: GraphUser; reason: string }>();
  const add = (user: GraphUser, reason: string) => {
    if (!out.has(user.id)) out.set(user.id, { user, reason });
  };
  for (const u of users)
    if ((u.onPremisesProvisioningErrors ?? []).length > 0) add(u, 'directory-sync provisioning error');
  for (const u of users)
    if (
      (u.serviceProvisioningErrors ?? []).some(
        (e) => !e.isResolved && e.serviceInstance?.toLowerCase().startsWith('exchange/'),
      )
    )
      add(u, 'unresolved Exchange Online provisioning error');
  for (const u of users)
    if (u.onPremisesSyncEnabled && /\.onmicrosoft\.com$/i.test(u.userPrincipalName))
      add(u, 'synced UPN on *.onmicrosoft.com');
  for (const [kind, address] of Object.entries(probes ?? {})) {
    if (typeof address !== 'string') continue;
    const a = address.toLowerCase();
    const u = users.find(
      (x) =>
        x.userPrincipalName.toLowerCase() === a ||
        x.mail?.toLowerCase() === a ||
        x.proxyAddresses.some((p) => p.toLowerCase() === `smtp:${a}`),
    );
    if (u) add(u, `configured probe user (probes.${kind})`);
  }
  // Mailbox placement (mbx.*): then every user that may own a mailbox on either side, most telling
  // first — an Exchange plan (a duplicate on-prem/EXO mailbox or a cloud mailbox), then other
  // mail-enabled users (remote mailboxes without a plan, on-prem mailboxes). Bounded by max.
  for (const u of users) if (hasExchangePlan(u)) add(u, 'mailbox placement: Exchange Online plan');
  for (const u of users) if (isMailEnabled(u)) add(u, 'mailbox placement: mail-enabled user');
  return [...out.values()].slice(0, max);
}

function hasExchangePlan(u: GraphUser): boolean {
  return (u.assignedPlans ?? []).some((p) => p.service?.toLowerCase() === 'exchange');
}

function isMailEnabled(u: GraphUser): boolean {
  return Boolean(u.mail) || u.proxyAddresses.some((p) => /^smtp:/i.test(p));
}

async function probeMailboxes(
  ctx: CollectContext,
  api: GraphApi,
  users: readonly GraphUser[],
): Promise<Record<string, GraphMailboxProbe>> {
  const max = ctx.config.graph?.maxMailboxProbes ?? 40;
  const suspects = pickSuspects(users, ctx.config.probes, max);
  if (suspects.length === 0) return {};
  ctx.progress(`mailboxSettings of ${suspects.length} suspect users`);
  const answers = await api.batch(
    suspects.map((s, i) => ({
      id: String(i),
      url: `/users/${s.user.id}/mailboxSettings?$select=userPurpose`,
    })),
  );
  const out: Record<string, GraphMailboxProbe> = {};
  let forbidden = 0;
  suspects.forEach((s, i) => {
    const a = answers.get(String(i));
    const body = (a?.body ?? {}) as { userPurpose?: string; error?: { code?: string; message?: string } };
    const probe: GraphMailboxProbe = {
      userId: s.user.id,
      userPrincipalName: s.user.userPrincipalName,
      reason: s.reason,
      mailbox: 'error',
      ...(a ? { httpStatus: a.status } : {}),
    };
    if (a?.status === 200) {
      probe.mailbox = 'cloud';
      if (body.userPurpose) probe.userPurpose = body.userPurpose;
    } else if (a?.status === 404) {
      probe.mailbox = 'not-in-cloud';
      if (body.error?.code) probe.code = body.error.code;
    } else {
      if (a?.status === 403) forbidden++;
      probe.code = body.error?.code ?? `HTTP_${a?.status ?? 0}`;
    }
    out[s.user.userPrincipalName.toLowerCase()] = probe;
  });
  if (forbidden === suspects.length) {
    throw new GraphRequestError(
      'mailboxSettings: HTTP 403 for every probe',
      403,
      'ErrorAccessDenied',
      'GET /users/{id}/mailboxSettings',
    );
  }
  return out;
}

function toArtifactError(
  key: (typeof PRODUCES)[number],
  err: unknown,
  held: readonly string[],
  delegated: boolean,
) {
  const permission = (ARTIFACT_PERMISSION as Record<string, string>)[key];
  if (err instanceof AuthFailure) return { message: err.message, code: 'AUTH_FAILED' };
  if (err instanceof GraphRequestError) {
    if (err.status === 403 || err.status === 401) {
      const hasIt = permission ? holds(held, permission) : true;
      const kind = delegated
        ? 'delegated permission (and a role that allows it)'
        : 'application permission with admin consent';
      return {
        message: `${err.message.replace(/\.+$/, '')}. The scan identity needs the Microsoft Graph ${kind} ${permission}${hasIt ? ' (the token claims it: check role assignment scope or Conditional Access)' : held.length === 0 ? ': its token carries no permissions at all, so admin consent was never granted' : ', which its token does not carry'}`,
        code: 'FORBIDDEN',
        ...(permission ? { permission } : {}),
      };
    }
    if (err.status === 429) return { message: err.message, code: 'THROTTLED' };
    return { message: err.message, code: err.code };
  }
  const code = (err as { code?: unknown }).code;
  return { message: describeError(err), ...(typeof code === 'string' ? { code } : {}) };
}

function batchError(what: string, a: { status: number; body: unknown } | undefined): Error {
  const e = (a?.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const status = a?.status ?? 0;
  return new GraphRequestError(
    `${what}: ${status === 429 ? 'throttled (HTTP 429) and the retry budget ran out' : `HTTP ${status} ${e?.code ?? ''} ${e?.message ?? ''}`.trim()}`,
    status,
    e?.code ?? `HTTP_${status}`,
    'POST /$batch',
  );
}

function pick<T extends object>(o: T, keys: readonly string[]): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k))) as T;
}

function stripOdata<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('@odata'))) as T;
}

function normaliseUser(u: Record<string, unknown>): GraphUser {
  const user = stripOdata(u) as unknown as GraphUser;
  return {
    ...user,
    proxyAddresses: user.proxyAddresses ?? [],
    onPremisesProvisioningErrors: user.onPremisesProvisioningErrors ?? [],
    serviceProvisioningErrors: (user.serviceProvisioningErrors ?? []).map(stripOdata),
    assignedPlans: user.assignedPlans ?? [],
  };
}

function normaliseApp(a: GraphApplication): GraphApplication {
  const app = stripOdata(a);
  return {
    ...app,
    requiredResourceAccess: app.requiredResourceAccess ?? [],
    keyCredentials: app.keyCredentials ?? [],
    // `hint` is the first characters of the secret itself: never kept in a snapshot.
    passwordCredentials: (app.passwordCredentials ?? []).map(({ hint: _, ...rest }) => rest),
  };
}
