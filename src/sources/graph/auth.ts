import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type {
  AuthenticationResult,
  ConfidentialClientApplication,
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
  PublicClientApplication,
} from '@azure/msal-node';
import type { Config } from '../../config/schema.ts';
import { describeError } from '../../util/errors.ts';
import type { TlsTrust } from '../../util/tls.ts';
import { httpsCall, type RetryBudget, sleep } from './http.ts';

/** Prints the device-code instructions (defaults to stderr; the collector context has none). */
export type DeviceCodePrompt = (message: string) => void;

export const defaultPrompt: DeviceCodePrompt = (message) => {
  process.stderr.write(`${message}\n`);
};

interface TokenSourceOptions {
  config: Config;
  tls: TlsTrust;
  budget: RetryBudget;
  signal: AbortSignal;
  count: (endpoint: string) => void;
  prompt: DeviceCodePrompt;
  /**
   * The `.default` scope of the resource the token is for (default Microsoft Graph). Never derived
   * from an endpoint override: endpoints.* are network addresses, the audience is the global cloud's.
   */
  scope?: string;
  /** Per-request timeout of the token endpoint (default graph.timeoutMs). */
  timeoutMs?: number;
}

/** Network faults seen by MSAL's HTTP client: MSAL hides them behind endpoints_resolution_error. */
type FaultLog = string[];

interface AccessToken {
  token: string;
  expiresOn?: Date;
  auth: 'secret' | 'certificate' | 'device-code';
}

/** A token failure explained: AADSTS code, cause and what to do. */
export class AuthFailure extends Error {
  override name = 'AuthFailure';
  readonly code = 'AUTH_FAILED';
  constructor(
    message: string,
    readonly aadsts?: string,
  ) {
    super(message);
  }
}

/** What an AADSTS code means for a scan, and what the admin should do. */
const AADSTS_HELP: Record<string, string> = {
  AADSTS7000215:
    'the client secret is wrong. Put the secret VALUE (not its secret ID) into the environment variable graph.clientSecret refers to',
  AADSTS7000222:
    'the client secret has expired. Create a new secret under Certificates & secrets of the app registration and update the environment variable',
  AADSTS700016:
    'no application with this clientId exists in the tenant. Check graph.clientId and `tenant`, or register the app (and grant admin consent) in this tenant',
  AADSTS700027:
    'the certificate assertion was rejected. Upload the certificate (graph.certificate.certFile) to the app registration, or check that the key matches it',
  AADSTS700024: 'the client assertion is outside its valid time range. Check the clock of the scanning host',
  AADSTS7000112:
    'the application is disabled in this tenant. Enable its service principal (Enterprise applications)',
  AADSTS90002: 'the tenant was not found. Check `tenant` (domain or GUID) and that it is in the global cloud',
  AADSTS65001:
    'nobody consented to the permissions. An administrator must grant admin consent for the app (API permissions > Grant admin consent)',
  AADSTS50020: 'the signed-in user is not in this tenant. Sign in with an account of the scanned tenant',
  AADSTS53003:
    'a Conditional Access policy blocked the sign-in. Exclude the scan identity or sign in from a compliant device',
  AADSTS70011: 'the requested scope is invalid',
  AADSTS500011:
    'the resource (API) the token was asked for is not in this tenant. The scanner asks for https://graph.microsoft.com and https://outlook.office365.com only; check that Exchange Online is provisioned',
  AADSTS50059: 'no tenant information was found. Set `tenant` in the config',
  AADSTS7000218:
    'the request needs a client secret or certificate. Set graph.clientSecret or graph.certificate, or graph.deviceCode: true with a public client app',
};

/** Turns an MSAL or network error into an AUTH_FAILED message that names the cause and the fix. */
export function explainAuthError(err: unknown): AuthFailure {
  if (err instanceof AuthFailure) return err;
  const text = describeError(err);
  const aadsts = text.match(/AADSTS\d+/)?.[0];
  if (aadsts) {
    const help = AADSTS_HELP[aadsts];
    const first = text.slice(text.indexOf(aadsts)).split(/\r?\n|\. Trace ID/)[0];
    return new AuthFailure(
      help ? `Sign-in failed (${aadsts}): ${help}. Entra said: ${first}` : `Sign-in failed: ${first}`,
      aadsts,
    );
  }
  const errorCode = (err as { errorCode?: string }).errorCode;
  return new AuthFailure(
    `Sign-in failed${errorCode ? ` (${errorCode})` : ''}: ${text}. Check endpoints.login, the tenant and network access to the login host`,
  );
}

/**
 * MSAL's HTTP client replaced: node:https with our trust store (endpoints.caFile), connectTo,
 * request counting, and retries of the token endpoint's 429/5xx (MSAL does not retry them).
 */
function msalNetwork(opts: TokenSourceOptions, faults: FaultLog = []): INetworkModule {
  const { config, tls, budget, signal, count } = opts;
  const timeoutMs = opts.timeoutMs ?? config.graph?.timeoutMs ?? 30_000;
  const send = async <T>(
    method: string,
    url: string,
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> => {
    const endpoint = `login: ${method} ${loginEndpoint(url)}`;
    for (let attempt = 1; ; attempt++) {
      count(endpoint);
      let res: Awaited<ReturnType<typeof httpsCall>>;
      try {
        res = await httpsCall(
          url,
          { method, headers: { accept: 'application/json', ...options?.headers }, body: options?.body },
          { tls, timeoutMs, signal, connectTo: config.endpoints.connectTo },
        );
      } catch (err) {
        faults.push(describeError(err));
        throw err;
      }
      const wait =
        method === 'POST' ? budget.next(attempt, res.status, res.headers['retry-after']) : undefined;
      if (wait !== undefined) {
        await sleep(wait, signal);
        continue;
      }
      let body: unknown;
      try {
        body = JSON.parse(res.body);
        const description = (body as { error_description?: unknown }).error_description;
        if (method === 'GET' && res.status >= 400 && typeof description === 'string')
          faults.push(`HTTP ${res.status} from ${new URL(url).host}: ${description.split(/\r?\n/)[0]}`);
      } catch {
        body = {
          error: 'invalid_response',
          error_description: `HTTP ${res.status} from ${new URL(url).host} is not JSON`,
        };
      }
      return { status: res.status, headers: res.headers, body: body as T };
    }
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function loginEndpoint(url: string): string {
  const path = new URL(url).pathname;
  return path.replace(/^\/[^/]+\/(oauth2|v2\.0|discovery)/, '/{tenant}/$1');
}

/**
 * The Graph resource's `.default` scope: always the global cloud's Graph. endpoints.graph only says
 * where requests go (a simulator, an IP); a scope derived from it made Entra answer AADSTS500011.
 */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
/** Exchange Online's resource (Admin API, InvokeCommand), global cloud, whatever endpoints.exchangeOnline says. */
export const EXO_SCOPE = 'https://outlook.office365.com/.default';

/** SHA-256 thumbprint (hex) of the first certificate in a PEM file. */
function certificateThumbprint(pem: string): string {
  const cert = new X509Certificate(pem);
  return createHash('sha256').update(cert.raw).digest('hex').toUpperCase();
}

/** MSAL's default tokenRenewalOffsetSeconds: a cached token this close to expiry is renewed. */
const MSAL_RENEWAL_OFFSET_MS = 300_000;

/** Acquires (and caches in memory) the access token for the configured auth method. */
export function createTokenSource(opts: TokenSourceOptions): () => Promise<AccessToken> {
  const { config } = opts;
  const graph = config.graph;
  if (!graph) throw new Error('graph is not configured');
  const tenant = config.tenant ?? 'organizations';
  const login = config.endpoints.login.replace(/\/+$/, '');
  const auth = {
    clientId: graph.clientId,
    authority: `${login}/${tenant}`,
    knownAuthorities: [new URL(login).host],
  };
  const faults: FaultLog = [];
  const system = { networkClient: msalNetwork(opts, faults), disableInternalRetries: true };
  const scopes = [opts.scope ?? GRAPH_SCOPE];

  if (graph.deviceCode) {
    // MSAL (about 120 modules) is loaded with the first token, not before the first request.
    let client: Promise<PublicClientApplication> | undefined;
    const app = () =>
      (client ??= import('@azure/msal-node').then((m) => new m.PublicClientApplication({ auth, system })));
    let cached: AccessToken | undefined;
    return async () => {
      if (cached && (!cached.expiresOn || cached.expiresOn.getTime() - Date.now() > 60_000)) return cached;
      const result = await acquire(faults, async () =>
        (await app()).acquireTokenByDeviceCode({
          scopes,
          deviceCodeCallback: (r) => opts.prompt(r.message),
          timeout: Math.ceil((graph.timeoutMs * 10) / 1000),
        }),
      );
      cached = { token: result.accessToken, expiresOn: result.expiresOn ?? undefined, auth: 'device-code' };
      return cached;
    };
  }

  let credential:
    | { clientSecret: string }
    | { clientCertificate: { thumbprintSha256: string; privateKey: string; x5c?: string } };
  let kind: AccessToken['auth'];
  if (graph.certificate) {
    let certPem: string;
    let keyPem: string;
    try {
      certPem = readFileSync(graph.certificate.certFile, 'utf8');
      keyPem = readFileSync(graph.certificate.keyFile, 'utf8');
    } catch (err) {
      throw new AuthFailure(`cannot read the scan certificate or key: ${describeError(err)}`);
    }
    let thumbprintSha256: string;
    try {
      thumbprintSha256 = certificateThumbprint(certPem);
    } catch (err) {
      throw new AuthFailure(`graph.certificate.certFile is not a PEM certificate: ${describeError(err)}`);
    }
    credential = {
      clientCertificate: {
        thumbprintSha256,
        privateKey: keyPem,
        ...(graph.certificate.x5c ? { x5c: certPem } : {}),
      },
    };
    kind = 'certificate';
  } else if (graph.clientSecret) {
    credential = { clientSecret: graph.clientSecret };
    kind = 'secret';
  } else {
    throw new AuthFailure(
      'graph has no credential: set graph.clientSecret (from an environment variable reference), graph.certificate, or graph.deviceCode: true',
    );
  }
  let client: Promise<ConfidentialClientApplication> | undefined;
  const app = () =>
    (client ??= import('@azure/msal-node').then(
      (m) => new m.ConfidentialClientApplication({ auth: { ...auth, ...credential }, system }),
    ));
  let cached: AccessToken | undefined;
  return async () => {
    // Every Graph request asks for the token: the last one is handed out while MSAL would hand out
    // the same one (more than its renewal offset, 5 min, left), without MSAL's per-call cache
    // lookup, telemetry and correlation ids. Near expiry MSAL renews it, as before.
    if (cached?.expiresOn && cached.expiresOn.getTime() - Date.now() > MSAL_RENEWAL_OFFSET_MS) return cached;
    const result = await acquire(faults, async () =>
      (await app()).acquireTokenByClientCredential({ scopes }),
    );
    cached = { token: result.accessToken, expiresOn: result.expiresOn ?? undefined, auth: kind };
    return cached;
  };
}

async function acquire(
  faults: FaultLog,
  run: () => Promise<AuthenticationResult | null>,
): Promise<AuthenticationResult> {
  let result: AuthenticationResult | null;
  const before = faults.length;
  try {
    result = await run();
  } catch (err) {
    const explained = explainAuthError(err);
    const last = faults.slice(before).pop();
    if (last && !explained.aadsts) {
      // MSAL reports a failed metadata lookup as endpoints_resolution_error: name the real cause.
      if (/AADSTS\d+/.test(last)) throw explainAuthError(new Error(last));
      throw new AuthFailure(`${explained.message}. Cause: ${last}`);
    }
    throw explained;
  }
  if (!result?.accessToken) throw new AuthFailure('Sign-in returned no access token');
  return result;
}

interface TokenClaims {
  roles: string[];
  scopes: string[];
  appId?: string;
  tenantId?: string;
  user?: string;
  expiresOn?: string;
}

/** Reads the access token's claims (no signature check: only to report what it grants). */
export function decodeClaims(token: string): TokenClaims {
  const part = token.split('.')[1];
  let claims: Record<string, unknown> = {};
  try {
    claims = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    // An opaque token: nothing to report.
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is string => typeof r === 'string')
    : [];
  const scopes = str(claims.scp)?.split(' ').filter(Boolean) ?? [];
  const exp = typeof claims.exp === 'number' ? new Date(claims.exp * 1000).toISOString() : undefined;
  return {
    roles,
    scopes,
    appId: str(claims.appid) ?? str(claims.azp),
    tenantId: str(claims.tid),
    user: str(claims.upn) ?? str(claims.preferred_username),
    expiresOn: exp,
  };
}
