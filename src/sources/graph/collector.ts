import type { GraphDnsRecord, GraphDomain, GraphOrganization, GraphUser } from '../../evidence/graph.ts';
import { ARTIFACT_PERMISSION, holds } from '../../model/graph-permissions.ts';
import { countText } from '../../util/throttle.ts';
import type { CollectContext, Collector } from '../types.ts';
import { appArtifacts } from './apps.ts';
// auth.ts (and MSAL with it, the heaviest module we load) is imported when Graph signs in, not
// when the collectors are discovered: start-up to the first request of any source stays short.
import type {
  AuthFailure,
  createTokenSource,
  DeviceCodePrompt,
  decodeClaims,
  defaultPrompt,
  explainAuthError,
} from './auth.ts';
import { createGraphApi } from './client.ts';
import { batchError, toArtifactError } from './errors.ts';
import { RetryBudget } from './http.ts';
import { probeMailboxes, SuspectPicker } from './mailbox-probes.ts';
import { normaliseUser, stripOdata } from './normalise.ts';
import { type ArtifactRunner, GRAPH_ARTIFACTS, SELECT } from './select.ts';

export { pickSuspects } from './mailbox-probes.ts';
export { SELECT } from './select.ts';

interface GraphCollectorOptions {
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
    produces: GRAPH_ARTIFACTS,
    notConfigured: (config) =>
      config.graph ? undefined : 'set `graph.clientId` and a credential in the config',
    concurrency: (config) => config.graph?.concurrency ?? 4,
    collect: (ctx) => collectGraph(ctx, options.prompt),
  };
}

export default createGraphCollector();

async function collectGraph(ctx: CollectContext, promptOption?: DeviceCodePrompt): Promise<void> {
  const { config } = ctx;
  const graph = config.graph;
  if (!graph) return;
  const auth: {
    AuthFailure: typeof AuthFailure;
    createTokenSource: typeof createTokenSource;
    decodeClaims: typeof decodeClaims;
    defaultPrompt: typeof defaultPrompt;
    explainAuthError: typeof explainAuthError;
  } = await import('./auth.ts');
  const prompt = promptOption ?? auth.defaultPrompt;
  const budget = new RetryBudget(graph.maxAttempts, graph.maxRetryWaitMs);
  const failAll = (message: string, code: string) => {
    for (const key of GRAPH_ARTIFACTS) ctx.fail(key, { message, code });
  };

  ctx.progress('signing in to Microsoft Entra ID');
  let getToken: ReturnType<typeof createTokenSource>;
  let first: Awaited<ReturnType<typeof getToken>>;
  try {
    getToken = auth.createTokenSource({
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
    const failure = err instanceof auth.AuthFailure ? err : auth.explainAuthError(err);
    failAll(failure.message, 'AUTH_FAILED');
    return;
  }

  const claims = auth.decodeClaims(first.token);
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

  // The mailbox probe suspects are picked as the users arrive (see SuspectPicker).
  const suspects = new SuspectPicker(config.probes, graph.maxMailboxProbes);
  const usersPromise = (async () => {
    let users: GraphUser[] | undefined;
    await artifact('graph.users', async () => {
      ctx.progress('Entra users');
      // Each page is normalised and sorted as it arrives, while the next one is on its way, not
      // all of them after the last page.
      const read: GraphUser[] = [];
      // As a loaded snapshot holds them: identities shared with the scan's other user lists, empty
      // lists and licence plans shared; each page as it arrives, not the whole list once it is read.
      const compact = ctx.compactRecords('graph.users');
      // The total for the progress line ("Entra users 40,000 / ~100,000"), asked beside the first
      // page; a tenant that does not answer it only loses the total.
      let estimate: number | undefined;
      const counting = api.count('/users').then(
        (n) => {
          estimate = n;
        },
        () => {},
      );
      await api.list<Record<string, unknown>>('/users', SELECT.users, {
        onPage: (items) => {
          const page = items.map((item) => compact(normaliseUser(item)));
          for (const u of page) read.push(u);
          suspects.add(page);
          ctx.progress(countText('Entra users', read.length, estimate));
        },
      });
      await counting;
      users = read;
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
      await artifact('graph.mailboxProbes', () => probeMailboxes(ctx, api, suspects.suspects()));
    })(),
  ]);
  if (budget.retries > 0)
    ctx.progress(`recovered from ${budget.retries} throttled answers (${budget.waitedMs} ms waited)`);
}
