import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../tls.ts';
import type { GraphData, GraphObject } from './data.ts';
import { verifyToken } from './token.ts';

/** The audience Graph accepts: its resource URI (or its first-party app id). */
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** Counters a test can read: requests per route, throttled answers, tokens seen. */
export interface GraphStats {
  requests: number;
  byRoute: Record<string, number>;
  throttled: number;
  batches: number;
  unauthenticated: number;
  /** Most requests in flight at once (to verify the client's concurrency limit). */
  maxInFlight: number;
}

interface Answer {
  status: number;
  body?: unknown;
  /** A text/plain body instead of JSON (`$count`). */
  text?: string;
  headers?: Record<string, string>;
}

/** Which permission each route needs, and which held permissions satisfy it (least privilege first). */
const ROUTE_PERMISSIONS: Record<string, string[]> = {
  organization: ['Organization.Read.All', 'Directory.Read.All'],
  domains: ['Domain.Read.All', 'Directory.Read.All'],
  users: ['User.Read.All', 'Directory.Read.All'],
  mailboxSettings: ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'],
  applications: ['Application.Read.All', 'Directory.Read.All'],
  servicePrincipals: ['Application.Read.All', 'Directory.Read.All'],
};

const MAX_TOP = 999;
const DEFAULT_PAGE = 100;

/**
 * A Microsoft Graph v1.0 simulator over a scenario's data: $select, $top with @odata.nextLink
 * paging ($skiptoken), $filter (startswith / eq on a few properties), alternate keys
 * (`applications(appId='…')`), $batch, 401/403/404 answers like Graph's, and injectable throttling
 * (429 + Retry-After every N requests) and latency.
 */
export function graphHandler(data: GraphData, origin: () => string, stats: GraphStats) {
  const sim = data.simulation;
  let counter = 0;

  const throttle = (): Answer | undefined => {
    counter++;
    if (sim.throttleEvery && counter % sim.throttleEvery === 0) {
      stats.throttled++;
      return {
        status: 429,
        headers: { 'retry-after': String(sim.retryAfterSeconds ?? 1) },
        body: {
          error: {
            code: 'TooManyRequests',
            message: 'Too many requests. Retry after the time in the Retry-After header.',
          },
        },
      };
    }
    return undefined;
  };

  const route = (
    method: string,
    rawUrl: string,
    claims: Record<string, unknown>,
    consistencyLevel: string | undefined,
  ): Answer => {
    const url = new URL(rawUrl, 'https://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/v1\.0/, '');
    const held = [
      ...(Array.isArray(claims.roles) ? (claims.roles as string[]) : []),
      ...(typeof claims.scp === 'string' ? claims.scp.split(' ') : []),
    ];
    const need = (kind: string): Answer | undefined => {
      const ok = ROUTE_PERMISSIONS[kind]?.some((p) => held.includes(p));
      if (ok) return undefined;
      if (kind === 'mailboxSettings')
        return {
          status: 403,
          body: {
            error: {
              code: 'ErrorAccessDenied',
              message: 'Access is denied. Check credentials and try again.',
            },
          },
        };
      return {
        status: 403,
        body: {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
          },
        },
      };
    };
    const key = routeKey(path);
    stats.byRoute[`${method} ${key}`] = (stats.byRoute[`${method} ${key}`] ?? 0) + 1;
    if (method !== 'GET') return notFound(path);
    const q = url.searchParams;

    if (path === '/organization') return need('organization') ?? list(path, q, [data.organization]);
    if (path === '/domains')
      return (
        need('domains') ??
        list(
          path,
          q,
          data.domains.map(({ serviceConfigurationRecords: _, ...d }) => d),
        )
      );
    let m = path.match(/^\/domains\/([^/]+)(\/serviceConfigurationRecords)?$/);
    if (m) {
      const denied = need('domains');
      if (denied) return denied;
      const d = data.domains.find((x) => x.id.toLowerCase() === m![1]!.toLowerCase());
      if (!d) return notFound(path, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
      if (m[2]) return list(path, q, d.serviceConfigurationRecords ?? []);
      const { serviceConfigurationRecords: _, ...rest } = d;
      return one(rest, q);
    }
    if (path === '/users') return need('users') ?? list(path, q, data.users.map(publicUser));
    // an advanced query: Graph counts only with ConsistencyLevel: eventual, as plain text
    if (path === '/users/$count') {
      const denied = need('users');
      if (denied) return denied;
      if (sim.refuseCount || consistencyLevel?.toLowerCase() !== 'eventual')
        return {
          status: 400,
          body: {
            error: {
              code: 'Request_BadRequest',
              message: "$count is not currently supported without the 'ConsistencyLevel: eventual' header.",
            },
          },
        };
      return { status: 200, text: String(data.users.length) };
    }
    m = path.match(/^\/users\/([^/]+)(\/mailboxSettings)?$/);
    if (m) {
      const u = data.users.find(
        (x) => x.id === m![1] || x.userPrincipalName.toLowerCase() === m![1]!.toLowerCase(),
      );
      if (m[2]) {
        const denied = need('mailboxSettings');
        if (denied) return denied;
        if (!u) return notFound(path, 'ErrorInvalidUser', `The requested user '${m[1]}' is invalid.`);
        if ((u.mailbox ?? 'cloud') === 'cloud')
          return one({ userPurpose: u.userPurpose ?? 'user', timeZone: 'W. Europe Standard Time' }, q);
        return notFound(
          path,
          'MailboxNotEnabledForRESTAPI',
          'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
        );
      }
      const denied = need('users');
      if (denied) return denied;
      return u
        ? one(publicUser(u), q)
        : notFound(path, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist.`);
    }
    for (const kind of ['applications', 'servicePrincipals'] as const) {
      const items: GraphObject[] =
        kind === 'applications'
          ? data.applications
          : data.servicePrincipals.map(({ appRoleAssignments: _, ...sp }) => sp);
      if (path === `/${kind}`) return need(kind) ?? list(path, q, filter(items, q.get('$filter')));
      m = path.match(new RegExp(`^/${kind}(?:\\(appId='([^']*)'\\)|/([^/(]+))(/appRoleAssignments)?$`));
      if (!m) continue;
      const denied = need(kind);
      if (denied) return denied;
      const all = kind === 'applications' ? data.applications : data.servicePrincipals;
      const found = all.find((x) => (m![1] !== undefined ? x.appId === m![1] : x.id === m![2]));
      if (!found)
        return notFound(
          path,
          'Request_ResourceNotFound',
          `Resource '${m[1] ?? m[2]}' does not exist or one of its queried reference-property objects are not present.`,
        );
      if (m[3]) {
        if (kind !== 'servicePrincipals') return notFound(path);
        return list(
          path,
          q,
          ((found as { appRoleAssignments?: GraphObject[] }).appRoleAssignments ?? []).map((a) => ({
            principalId: found.id,
            ...a,
          })),
        );
      }
      const { appRoleAssignments: _, ...rest } = found as GraphObject;
      return one(rest, q);
    }
    return notFound(path);
  };

  const list = (path: string, q: URLSearchParams, items: GraphObject[]): Answer => {
    const top = Math.min(
      Number(q.get('$top') ?? DEFAULT_PAGE) || DEFAULT_PAGE,
      MAX_TOP,
      sim.maxPageSize ?? MAX_TOP,
    );
    const skip = Number(q.get('$skiptoken') ?? 0) || 0;
    const page = items.slice(skip, skip + top).map((o) => select(o, q.get('$select')));
    const body: Record<string, unknown> = {
      '@odata.context': `${origin()}/v1.0/$metadata#${path.split('/')[1]}`,
      value: page,
    };
    if (skip + top < items.length) {
      const next = new URLSearchParams(q);
      next.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = `${origin()}/v1.0${path}?${next.toString()}`;
    }
    return { status: 200, body };
  };

  const one = (o: GraphObject, q: URLSearchParams): Answer => ({
    status: 200,
    body: select(o, q.get('$select')),
  });

  let inFlight = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (sim.latencyMs) await new Promise((r) => setTimeout(r, sim.latencyMs));
    const auth = req.headers.authorization ?? '';
    const claims = auth.startsWith('Bearer ') ? verifyToken(auth.slice(7)) : undefined;
    if (!claims) {
      stats.unauthenticated++;
      sendJson(res, 401, {
        error: {
          code: 'InvalidAuthenticationToken',
          message: auth ? 'Access token validation failure.' : 'Access token is empty.',
        },
      });
      return;
    }
    // Like Graph: a token for another resource (Exchange Online, an IP the client took for Graph's
    // name) is refused, whatever its signature.
    if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== GRAPH_APP_ID) {
      stats.unauthenticated++;
      sendJson(res, 401, {
        error: {
          code: 'InvalidAuthenticationToken',
          message: `Access token validation failure. Invalid audience. (aud: ${String(claims.aud)})`,
        },
      });
      return;
    }
    const throttled = throttle();
    if (throttled) {
      sendJson(res, throttled.status, throttled.body, throttled.headers);
      return;
    }
    const path = new URL(req.url ?? '/', 'https://x').pathname;
    if (req.method === 'POST' && path === '/v1.0/$batch') {
      stats.batches++;
      const body = JSON.parse((await readBody(req)) || '{}') as {
        requests?: { id: string; method?: string; url: string; headers?: Record<string, string> }[];
      };
      const requests = body.requests ?? [];
      if (requests.length > 20) {
        sendJson(res, 400, {
          error: { code: 'BadRequest', message: 'The batch request exceeds the limit of 20 requests.' },
        });
        return;
      }
      const responses = requests.map((r) => {
        const a =
          throttle() ??
          route(
            r.method ?? 'GET',
            `/v1.0${r.url.startsWith('/') ? r.url : `/${r.url}`}`,
            claims,
            Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'consistencylevel')?.[1],
          );
        return {
          id: r.id,
          status: a.status,
          headers: { 'content-type': a.text === undefined ? 'application/json' : 'text/plain', ...a.headers },
          body: a.text ?? a.body,
        };
      });
      sendJson(res, 200, { responses });
      return;
    }
    const level = req.headers.consistencylevel;
    const a = route(req.method ?? 'GET', req.url ?? '/', claims, Array.isArray(level) ? level[0] : level);
    if (a.text !== undefined) {
      res.writeHead(a.status, { 'content-type': 'text/plain; charset=utf-8', ...a.headers });
      res.end(a.text);
    } else sendJson(res, a.status, a.body, a.headers);
  };
}

function routeKey(path: string): string {
  return path
    .replace(/\((\w+)='[^']*'\)/g, "($1='…')")
    .replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}(?=\/|$)/gi, '/{id}')
    .replace(/\/users\/[^/]+@[^/]+/g, '/users/{id}')
    .replace(/\/domains\/[^/]+(?=\/|$)/g, '/domains/{id}');
}

function publicUser(u: GraphData['users'][number]): GraphObject {
  const { mailbox: _, userPurpose: __, ...rest } = u;
  return rest;
}

/** $select: only the named properties (and @odata.type), like Graph. */
function select(o: GraphObject, sel: string | null): GraphObject {
  if (!sel) return o;
  const keys = new Set(sel.split(',').map((s) => s.trim()));
  return Object.fromEntries(Object.entries(o).filter(([k]) => keys.has(k) || k === '@odata.type'));
}

/** The $filter forms the scanner uses: startswith(prop,'x') and prop eq 'x'. */
function filter(items: GraphObject[], f: string | null): GraphObject[] {
  if (!f) return items;
  const sw = f.match(/^startswith\((\w+),\s*'([^']*)'\)$/i);
  if (sw)
    return items.filter((i) =>
      String(i[sw[1]!] ?? '')
        .toLowerCase()
        .startsWith(sw[2]!.toLowerCase()),
    );
  const eq = f.match(/^(\w+)\s+eq\s+'([^']*)'$/i);
  if (eq) return items.filter((i) => String(i[eq[1]!] ?? '').toLowerCase() === eq[2]!.toLowerCase());
  return items;
}

function notFound(
  path: string,
  code = 'Request_ResourceNotFound',
  message = `Resource not found for the segment '${path}'.`,
): Answer {
  return { status: 404, body: { error: { code, message } } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
