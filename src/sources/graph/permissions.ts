import { ARTIFACT_PERMISSION } from '../../model/graph-permissions.ts';
import type { AccessTable } from '../access.ts';

const GRAPH_HTTPS = 'HTTPS (443) to login.microsoftonline.com and graph.microsoft.com';

/** What each Graph artifact needs: its application permission (none for the token's own claims). */
export const GRAPH_ACCESS: AccessTable<keyof typeof ARTIFACT_PERMISSION | 'graph.tokenPermissions'> = {
  'graph.tokenPermissions': { network: [GRAPH_HTTPS] },
  'graph.organization': { graph: [ARTIFACT_PERMISSION['graph.organization']], network: [GRAPH_HTTPS] },
  'graph.domains': { graph: [ARTIFACT_PERMISSION['graph.domains']], network: [GRAPH_HTTPS] },
  'graph.domainRecords': { graph: [ARTIFACT_PERMISSION['graph.domainRecords']], network: [GRAPH_HTTPS] },
  'graph.users': { graph: [ARTIFACT_PERMISSION['graph.users']], network: [GRAPH_HTTPS] },
  'graph.mailboxProbes': { graph: [ARTIFACT_PERMISSION['graph.mailboxProbes']], network: [GRAPH_HTTPS] },
  'graph.archiveApp': { graph: [ARTIFACT_PERMISSION['graph.archiveApp']], network: [GRAPH_HTTPS] },
  'graph.resourceServicePrincipals': {
    graph: [ARTIFACT_PERMISSION['graph.resourceServicePrincipals']],
    network: [GRAPH_HTTPS],
  },
  'graph.hybridApps': { graph: [ARTIFACT_PERMISSION['graph.hybridApps']], network: [GRAPH_HTTPS] },
  'graph.exoServicePrincipal': {
    graph: [ARTIFACT_PERMISSION['graph.exoServicePrincipal']],
    network: [GRAPH_HTTPS],
  },
};
