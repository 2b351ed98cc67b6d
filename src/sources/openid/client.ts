import type { CloudProbe, OpenIdAnswer, OpenIdDocument, UserRealm } from '../../evidence/openid.ts';
import { describeError } from '../../util/errors.ts';
import type { TlsTrust } from '../../util/tls.ts';
import { httpsGet } from '../net/https.ts';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function openIdUrl(login: string, name: string): string {
  return `${login.replace(/\/+$/, '')}/${encodeURIComponent(name)}/v2.0/.well-known/openid-configuration`;
}

/** Fetches one OpenID document; every outcome (found, not found, fault) is a value, not a throw. */
export async function fetchOpenId(
  cloud: CloudProbe,
  login: string,
  name: string,
  opts: { tls: TlsTrust; timeoutMs: number; signal?: AbortSignal; connectTo?: readonly string[] },
): Promise<OpenIdAnswer> {
  const url = openIdUrl(login, name);
  try {
    const res = await httpsGet(url, opts);
    const body = parseJson(res.body);
    if (res.status === 200 && body && typeof body === 'object') {
      return { cloud, url, httpStatus: 200, document: pickDocument(body as Record<string, unknown>) };
    }
    if (res.status >= 400 && res.status < 500) {
      const err = (body ?? {}) as { error?: string; error_description?: string };
      const aadsts = err.error_description?.match(/AADSTS\d+/)?.[0];
      return {
        cloud,
        url,
        httpStatus: res.status,
        error: { code: err.error, aadsts, description: err.error_description?.split(/\r?\n/)[0] },
      };
    }
    return {
      cloud,
      url,
      httpStatus: res.status,
      fault: `unexpected HTTP ${res.status} from ${new URL(url).host}`,
    };
  } catch (err) {
    return { cloud, url, fault: describeError(err) };
  }
}

export function tenantIdFromIssuer(doc: OpenIdDocument | undefined): string | undefined {
  return doc?.issuer?.match(GUID)?.[0]?.toLowerCase();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function pickDocument(body: Record<string, unknown>): OpenIdDocument {
  const keys = [
    'issuer',
    'token_endpoint',
    'authorization_endpoint',
    'cloud_instance_name',
    'tenant_region_scope',
    'tenant_region_sub_scope',
    'msgraph_host',
    'cloud_graph_host_name',
  ] as const;
  const out: OpenIdDocument = {};
  for (const k of keys) if (typeof body[k] === 'string') out[k] = body[k] as string;
  return out;
}

function userRealmUrl(login: string, domain: string): string {
  return `${login.replace(/\/+$/, '')}/getuserrealm.srf?login=${encodeURIComponent(`probe@${domain}`)}&json=1`;
}

/** Fetches getuserrealm for one domain; faults are values, not throws. */
export async function fetchUserRealm(
  login: string,
  domain: string,
  opts: { tls: TlsTrust; timeoutMs: number; signal?: AbortSignal; connectTo?: readonly string[] },
): Promise<UserRealm> {
  const url = userRealmUrl(login, domain);
  try {
    const res = await httpsGet(url, opts);
    const body = parseJson(res.body) as Record<string, unknown> | undefined;
    if (res.status !== 200 || !body || typeof body !== 'object')
      return {
        domain,
        url,
        httpStatus: res.status,
        fault: `unexpected HTTP ${res.status} from ${new URL(url).host}`,
      };
    const out: UserRealm = { domain, url, httpStatus: 200 };
    for (const k of [
      'NameSpaceType',
      'CloudInstanceName',
      'DomainName',
      'FederationBrandName',
      'AuthURL',
      'federation_protocol',
    ] as const)
      if (typeof body[k] === 'string') out[k] = body[k] as string;
    return out;
  } catch (err) {
    return { domain, url, fault: describeError(err) };
  }
}
