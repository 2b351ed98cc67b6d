import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadScanApp, type ScanAppData } from '../graph/data.ts';
import { issueToken, jwks, verifyAssertion } from '../graph/token.ts';
import type { Scenario } from '../scenario.ts';
import { sendJson, startHttps } from '../tls.ts';
import type { SimulatorServer } from '../types.ts';

/** `openid.yaml` of a scenario: the tenants the simulated login service knows. */
export interface LoginData {
  tenants: {
    tenantId: string;
    /** global, usgov or china: which login host answers for it. */
    cloud?: 'global' | 'usgov' | 'china' | 'bleu' | 'delos';
    names: string[];
    /** Fields of the OpenID document beyond the endpoint URLs (cloud_instance_name, region scopes…). */
    document?: Record<string, string>;
  }[];
  /**
   * getuserrealm.srf answers per domain, merged over the default (Managed for a tenant's names,
   * Unknown otherwise): e.g. `{contoso.com: {NameSpaceType: Federated, AuthURL: …}}`.
   */
  userRealm?: Record<string, Record<string, unknown>>;
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
  // The sovereign clouds' document values are not documented; these are plausible placeholders.
  // The scanner names the cloud by which login host answered, never by these strings.
  bleu: {
    cloud_instance_name: 'sovcloud-identity.fr',
    msgraph_host: 'graph.svc.sovcloud.fr',
    tenant_region_scope: 'EU',
  },
  delos: {
    cloud_instance_name: 'sovcloud-identity.de',
    msgraph_host: 'graph.svc.sovcloud.de',
    tenant_region_scope: 'EU',
  },
} as const;

/** The getuserrealm.srf answer (community field names, catalogue §11.2). */
function userRealm(data: LoginData, login: string): Record<string, unknown> {
  const domain = login.split('@').pop()?.toLowerCase() ?? '';
  const tenant = data.tenants.find((t) => t.names.some((n) => n.toLowerCase() === domain));
  const cloud = tenant?.cloud ?? 'global';
  const base: Record<string, unknown> = tenant
    ? {
        State: 4,
        UserState: 1,
        Login: login,
        NameSpaceType: 'Managed',
        DomainName: domain,
        FederationBrandName: 'Contoso',
        CloudInstanceName: CLOUD_DEFAULTS[cloud].cloud_instance_name,
      }
    : { State: 4, UserState: 1, Login: login, NameSpaceType: 'Unknown' };
  return { ...base, ...data.userRealm?.[domain] };
}

/** Path prefixes under which one server plays the three clouds' login hosts. */
const PREFIX = { global: '', usgov: '/_usgov', china: '/_china', bleu: '/_bleu', delos: '/_delos' } as const;

/**
 * Login (Entra ID) simulator: per-cloud OpenID configuration documents for the scenario's tenants,
 * and the AADSTS90002 answer real Entra gives for an unknown tenant.
 */
export function loginHandler(data: LoginData, origin: () => string) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'https://x');
    if (url.pathname === '/getuserrealm.srf') {
      sendJson(res, 200, userRealm(data, url.searchParams.get('login') ?? ''));
      return true;
    }
    if (url.pathname === '/common/discovery/instance') {
      const host = new URL(origin()).host;
      const tenant =
        url.searchParams.get('authorization_endpoint')?.match(/^https:\/\/[^/]+\/([^/]+)\//)?.[1] ?? 'common';
      sendJson(res, 200, {
        tenant_discovery_endpoint: `${origin()}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
      return true;
    }
    const keys = url.pathname.match(/^\/([^/]+)\/discovery\/v2\.0\/keys$/);
    if (keys) {
      sendJson(res, 200, jwks());
      return true;
    }
    for (const cloud of ['usgov', 'china', 'bleu', 'delos', 'global'] as const) {
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

interface DeviceGrant {
  clientId: string;
  scope: string;
  polls: number;
}

/**
 * The simulated Entra token service for the scan app: client credentials (secret or certificate
 * assertion), device code, AADSTS errors for a wrong or expired secret and an unknown app, and
 * injectable 429s on the token endpoint.
 */
export function tokenHandler(app: ScanAppData | undefined, data: LoginData) {
  const devices = new Map<string, DeviceGrant>();
  let tokenRequests = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'https://x');
    const m = url.pathname.match(/^\/([^/]+)\/oauth2\/v2\.0\/(token|devicecode)$/);
    if (!m || req.method !== 'POST') return false;
    const tenantName = decodeURIComponent(m[1]!).toLowerCase();
    const tenant = data.tenants.find(
      (t) => t.tenantId === tenantName || t.names.some((n) => n.toLowerCase() === tenantName),
    );
    const form = new URLSearchParams(await readBody(req));
    const clientId = form.get('client_id') ?? '';
    const error = (status: number, code: string, aadsts: number, text: string) =>
      sendJson(res, status, {
        error: code,
        error_description: `AADSTS${aadsts}: ${text} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
        error_codes: [aadsts],
      });
    if (!tenant) {
      error(400, 'invalid_request', 90002, `Tenant '${tenantName}' not found.`);
      return true;
    }
    if (m[2] === 'token' && app?.tokenThrottle && tokenRequests++ < app.tokenThrottle) {
      sendJson(
        res,
        429,
        { error: 'temporarily_unavailable', error_description: 'AADSTS50196: throttled' },
        { 'retry-after': '1' },
      );
      return true;
    }
    if (!app || clientId !== app.clientId) {
      error(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.names[0]}'.`,
      );
      return true;
    }
    const scope = form.get('scope') ?? '';
    const resource =
      scope
        .split(' ')
        .find((s) => s.endsWith('/.default'))
        ?.replace(/\/\.default$/, '') ?? 'https://graph.microsoft.com';
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: resource,
      iss: `https://sts.windows.net/${tenant.tenantId}/`,
      tid: tenant.tenantId,
      appid: app.clientId,
      iat: now,
      nbf: now,
      exp: now + 3600,
      oid: randomUUID(),
    };
    const ok = (token: string) =>
      sendJson(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      });

    if (m[2] === 'devicecode') {
      if (!app.delegated) {
        error(
          400,
          'invalid_client',
          7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
        return true;
      }
      const deviceCode = randomUUID();
      const userCode = deviceCode.slice(0, 8).toUpperCase();
      devices.set(deviceCode, { clientId, scope, polls: 0 });
      sendJson(res, 200, {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 1,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`,
      });
      return true;
    }

    const grant = form.get('grant_type');
    if (grant === 'urn:ietf:params:oauth:grant-type:device_code' || grant === 'device_code') {
      const device = devices.get(form.get('device_code') ?? '');
      if (!device || !app.delegated) {
        error(
          400,
          'invalid_grant',
          70000,
          'The provided value for the input parameter device_code is not valid.',
        );
        return true;
      }
      if (device.polls++ < (app.devicePending ?? 0)) {
        sendJson(res, 400, {
          error: 'authorization_pending',
          error_description: 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.',
        });
        return true;
      }
      const user = app.delegated.user;
      ok(
        issueToken({
          ...claims,
          scp: app.delegated.scopes.join(' '),
          upn: user,
          preferred_username: user,
          name: user,
        }),
      );
      return true;
    }
    if (grant !== 'client_credentials') {
      error(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
      return true;
    }
    const assertion = form.get('client_assertion');
    if (assertion) {
      const checked = verifyAssertion(assertion, app.certificates ?? []);
      if (!checked.ok) {
        error(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
        return true;
      }
      if (app.requireX5c && !checked.x5c) {
        error(
          401,
          'invalid_client',
          700027,
          'Client assertion contains an invalid signature. [Reason - The key used is not configured for subject name and issuer authentication (x5c missing).]',
        );
        return true;
      }
    } else if (form.get('client_secret') !== undefined && form.get('client_secret') !== null) {
      if (form.get('client_secret') !== app.secret || !app.secret) {
        error(
          401,
          'invalid_client',
          7000215,
          'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
        );
        return true;
      }
      if (app.secretExpired) {
        error(
          401,
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${app.clientId}' are expired.`,
        );
        return true;
      }
    } else {
      error(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
      return true;
    }
    ok(issueToken({ ...claims, ...(app.roles.length > 0 ? { roles: app.roles } : {}) }));
    return true;
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size < 1_000_000) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server: SimulatorServer = {
  id: 'login',
  async start(scenario: Scenario) {
    const data = scenario.data<LoginData>('openid.yaml');
    if (!data) return undefined;
    let origin = '';
    const handle = loginHandler(data, () => origin);
    const token = tokenHandler(loadScanApp(scenario), data);
    const https = await startHttps(async (req, res) => {
      if (await token(req, res)) return;
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
          loginBleu: `${origin}${PREFIX.bleu}`,
          loginDelos: `${origin}${PREFIX.delos}`,
        },
      },
      stop: () => https.close(),
    };
  },
};

export default server;
