/** Graph artifacts built from a scenario's simulator data, the way the collector shapes them. */

import type {
  GraphAppInfo,
  GraphApplication,
  GraphDomain,
  GraphOrganization,
  GraphServicePrincipal,
  GraphUser,
} from '../../../src/evidence/graph.ts';
import type { ArtifactMap } from '../../../src/evidence/index.ts';
import { loadGraphData } from '../../../src/simulator/graph/data.ts';
import { loadScenario } from '../../../src/simulator/scenario.ts';

export const NOW = '2026-11-25T12:00:00.000Z';
const EXO = '00000002-0000-0ff1-ce00-000000000000';
const GRAPH = '00000003-0000-0000-c000-000000000000';
export const MAILSTORE_APP_ID = '9b2e5c1d-7f3a-4e8b-a1c6-2d4f6e8a0b1c';

type GraphArtifacts = Pick<
  ArtifactMap,
  | 'graph.organization'
  | 'graph.domains'
  | 'graph.users'
  | 'graph.archiveApp'
  | 'graph.resourceServicePrincipals'
  | 'graph.hybridApps'
  | 'graph.exoServicePrincipal'
>;

/** A fresh deep copy each call, so a test may mutate what it gets. */
export function graphArtifacts(scenario = 'contoso-ready'): GraphArtifacts {
  const d = loadGraphData(loadScenario(scenario), new Date(NOW))!;
  const clone = <T>(v: T): T => structuredClone(v);
  const sps = clone(d.servicePrincipals);
  const info = (appId: string): GraphAppInfo => {
    const app = d.applications.find((a) => a.appId === appId) as unknown as GraphApplication | undefined;
    const sp = sps.find((s) => s.appId === appId);
    const { appRoleAssignments = [], ...spRest } = sp ?? ({} as { appRoleAssignments?: unknown[] });
    return {
      appId,
      application: app ? clone(app) : null,
      servicePrincipal: sp ? (spRest as unknown as GraphServicePrincipal) : null,
      appRoleAssignments: appRoleAssignments as GraphAppInfo['appRoleAssignments'],
    };
  };
  const resource = (appId: string) => {
    const sp = sps.find((s) => s.appId === appId);
    if (!sp) return undefined;
    const { appRoleAssignments: _, ...rest } = sp;
    return rest as unknown as GraphServicePrincipal;
  };
  return {
    'graph.organization': clone(d.organization) as unknown as GraphOrganization,
    'graph.domains': d.domains.map(
      ({ serviceConfigurationRecords: _, ...x }) => clone(x) as unknown as GraphDomain,
    ),
    'graph.users': d.users.map(
      ({ mailbox: _, ...u }) => ({ proxyAddresses: [], ...clone(u) }) as unknown as GraphUser,
    ),
    'graph.archiveApp': info(MAILSTORE_APP_ID),
    'graph.resourceServicePrincipals': Object.fromEntries(
      [GRAPH, EXO].flatMap((id) => (resource(id) ? [[id, resource(id)!]] : [])),
    ),
    'graph.hybridApps': d.applications
      .filter((a) => String(a.displayName).startsWith('ExchangeServerApp-'))
      .map((a) => info(a.appId)),
    'graph.exoServicePrincipal': resource(EXO) ?? null,
  };
}
