/** App registrations: the archive app, the dedicated hybrid apps and the resource service principals. */

import type {
  GraphAppInfo,
  GraphApplication,
  GraphAppRoleAssignment,
  GraphServicePrincipal,
} from '../../evidence/graph.ts';
import { EXO_APP_ID, GRAPH_APP_ID } from '../../model/graph-permissions.ts';
import type { CollectContext } from '../types.ts';
import type { GraphApi } from './client.ts';
import { normaliseApp, pick, stripOdata } from './normalise.ts';
import { type ArtifactRunner, SELECT } from './select.ts';

export async function appArtifacts(
  ctx: CollectContext,
  api: GraphApi,
  artifact: ArtifactRunner,
): Promise<void> {
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
      const listed = await Promise.all(apps.map((a) => appInfo(api, a.appId, normaliseApp(a))));
      return [...listed, ...(await appsNamedOnPremises(ctx, api, listed))];
    }),
    artifact('graph.exoServicePrincipal', async () => {
      const sp = await exoSp;
      return sp ? pick(sp, SELECT.exoSp) : null;
    }),
  ]);
}

/**
 * The dedicated hybrid app may carry any name (ConfigureExchangeHybridApplication.ps1 takes a custom
 * one, and a Graph-only app is valid): the app on-premises Exchange really uses is the one its auth
 * server names. Those are read by app id once the LDAP source has finished; without LDAP only the
 * ExchangeServerApp-* listing is known.
 */
async function appsNamedOnPremises(
  ctx: CollectContext,
  api: GraphApi,
  listed: readonly GraphAppInfo[],
): Promise<GraphAppInfo[]> {
  if (!(await ctx.after('ldap'))) return [];
  const known = new Set(listed.map((a) => a.appId.toLowerCase()));
  const named = new Set(
    (ctx.get('ldap.authServers') ?? [])
      .map((s) => s.applicationIdentifier?.trim().toLowerCase())
      .filter((id): id is string => !!id && GUID.test(id) && id !== EXO_APP_ID && !known.has(id)),
  );
  if (named.size === 0) return [];
  ctx.progress(`hybrid app named by the on-premises auth server (${named.size})`);
  const found = await Promise.all([...named].map((id) => appInfo(api, id)));
  // An app id with neither an application nor a service principal was deleted: the check says so.
  return found.filter((a) => a.application || a.servicePrincipal);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
