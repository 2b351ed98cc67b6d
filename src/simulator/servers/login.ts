import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scenario } from '../scenario.ts';
import { sendJson, startHttps } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

/** `openid.yaml` of a scenario: the tenants the simulated login service knows. */
export interface LoginData {
  tenants: {
    tenantId: string;
    /** global, usgov or china: which login host answers for it. */
    cloud?: 'global' | 'usgov' | 'china';
    names: string[];
    /** Fields of the OpenID document beyond the endpoint URLs (cloud_instance_name, region scopes…). */
    document?: Record<string, string>;
  }[];
}

const CLOUD_DEFAULTS = {
  global: {
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
    tenant_region_scope: 'EU',
  },
  usgov: {
    cloud_instance_name: 'microsoftonline.us',
    msgraph_host: 'graph.microsoft.us',
    tenant_region_scope: 'NA',
  },
  china: {
    cloud_instance_name: 'partner.microsoftonline.cn',
    msgraph_host: 'microsoftgraph.chinacloudapi.cn',
    tenant_region_scope: 'AS',
  },
} as const;

/** Path prefixes under which one server plays the three clouds' login hosts. */
const PREFIX = { global: '', usgov: '/_usgov', china: '/_china' } as const;

/**
 * Login (Entra ID) simulator: per-cloud OpenID configuration documents for the scenario's tenants,
 * and the AADSTS90002 answer real Entra gives for an unknown tenant.
 */
export function loginHandler(data: LoginData, origin: () => string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'https://x');
    for (const cloud of ['usgov', 'china', 'global'] as const) {
      const prefix = PREFIX[cloud];
      if (!url.pathname.startsWith(`${prefix}/`)) continue;
      const m = url.pathname
        .slice(prefix.length)
        .match(/^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/);
      if (!m) return false;
      const name = decodeURIComponent(m[1]!).toLowerCase();
      const tenant = data.tenants.find(
        (t) =>
          (t.cloud ?? 'global') === cloud &&
          (t.tenantId === name || t.names.some((n) => n.toLowerCase() === name)),
      );
      if (!tenant) {
        sendJson(res, 400, {
          error: 'invalid_tenant',
          error_description: `AADSTS90002: Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
          error_codes: [90002],
        });
        return true;
      }
      const base = `${origin()}${prefix}/${tenant.tenantId}`;
      sendJson(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        jwks_uri: `${origin()}${prefix}/${tenant.tenantId}/discovery/v2.0/keys`,
        issuer: `${base}/v2.0`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        cloud_graph_host_name: 'graph.windows.net',
        ...CLOUD_DEFAULTS[cloud === 'global' ? 'global' : cloud],
        ...tenant.document,
      });
      return true;
    }
    return false;
  };
}

const server: SimulatorServer = {
  id: 'login',
  async start(scenario: Scenario) {
    const data = scenario.data<LoginData>('openid.yaml');
    if (!data) return undefined;
    let origin = '';
    const handle = loginHandler(data, () => origin);
    const https = await startHttps((req, res) => {
      if (!handle(req, res))
        sendJson(res, 404, { error: 'not_found', error_description: `no route for ${req.url}` });
    });
    origin = https.origin;
    return {
      config: {
        endpoints: {
          login: origin,
          loginUsGov: `${origin}${PREFIX.usgov}`,
          loginChina: `${origin}${PREFIX.china}`,
        },
      },
      stop: () => https.close(),
    };
  },
};

export default server;
