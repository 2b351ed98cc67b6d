import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyToken } from '../graph/token.ts';
import { sendJson } from '../tls.ts';
import type { ExoData, ExoObject } from './data.ts';

export interface ExoStats {
  requests: number;
  byCmdlet: Record<string, number>;
  throttled: number;
  unauthenticated: number;
  /** Audiences of the tokens presented (to verify the client asks for outlook.office365.com). */
  audiences: string[];
  /** Every CmdletName a request carried, in order. */
  cmdlets: string[];
  /** Requests whose CmdletName was not a Get-* cmdlet (refused; a read-only scanner sends none). */
  nonGet: number;
  /** The X-AnchorMailbox headers seen. */
  anchors: string[];
}

export function newExoStats(): ExoStats {
  return {
    requests: 0,
    byCmdlet: {},
    throttled: 0,
    unauthenticated: 0,
    audiences: [],
    cmdlets: [],
    nonGet: 0,
    anchors: [],
  };
}

/** Exchange Online's resource as a token audience: its URI or its first-party app id. */
const EXO_AUDIENCES = new Set(['https://outlook.office365.com', '00000002-0000-0ff1-ce00-000000000000']);

/**
 * The documented Admin API endpoints (https://learn.microsoft.com/exchange/reference/admin-api-endpoints-reference)
 * and the cmdlets each accepts. The simulator serves the Get-* ones; anything else is refused and counted.
 */
const ADMIN_API: Record<string, string[]> = {
  AcceptedDomain: ['Get-AcceptedDomain'],
  Mailbox: ['Get-Mailbox', 'Set-Mailbox'],
  OrganizationConfig: ['Get-OrganizationConfig'],
  DistributionGroupMember: ['Get-DistributionGroupMember'],
  DynamicDistributionGroupMember: ['Get-DynamicDistributionGroupMember'],
  MailboxFolderPermission: ['Get-MailboxFolderPermission', 'Add-MailboxFolderPermission'],
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function project(row: ExoObject, select: string[] | undefined): ExoObject {
  if (!select) return row;
  const out: ExoObject = {};
  for (const key of select) if (key in row) out[key] = row[key];
  return out;
}

const exoError = (res: ServerResponse, status: number, code: string, message: string, headers = {}) =>
  sendJson(res, status, { error: { code, message } }, headers);

/**
 * Exchange Online simulator: the Admin API (`POST /adminapi/v2.0/<tenant>/<Endpoint>`) and the
 * InvokeCommand endpoint (`POST /adminapi/beta/<tenant>/InvokeCommand`), both with a CmdletInput
 * body, paged by @odata.nextLink ($skiptoken), $select, token audience checks, and injectable
 * 403 / 429 / connection reset / hang per cmdlet.
 */
export function exoHandler(data: ExoData, origin: () => string, stats: ExoStats) {
  const sim = data.simulation;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'https://x');
    const m = url.pathname.match(/^\/adminapi\/(v2\.0|beta)\/([^/]+)\/([A-Za-z]+)$/);
    if (!m || req.method !== 'POST') {
      exoError(res, 404, 'NotFound', `no route for ${req.method} ${url.pathname}`);
      return;
    }
    const [, version, tenantName, endpoint] = m as unknown as [string, string, string, string];
    const auth = req.headers.authorization ?? '';
    const claims = auth.startsWith('Bearer ') ? verifyToken(auth.slice(7)) : undefined;
    if (claims) stats.audiences.push(String(claims.aud));
    const audienceOk = sim.audience ? claims?.aud === sim.audience : EXO_AUDIENCES.has(String(claims?.aud));
    if (!claims || !audienceOk) {
      stats.unauthenticated++;
      exoError(
        res,
        401,
        'InvalidAuthenticationToken',
        claims
          ? `The audience of the access token is invalid (aud: ${String(claims.aud)}); expected https://outlook.office365.com.`
          : 'The access token is missing or invalid.',
        {
          'www-authenticate': `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", token_types="app_asserted_user_v1 service_asserted_app_v1", error="invalid_token"`,
        },
      );
      return;
    }
    if (!data.tenants.includes(decodeURIComponent(tenantName).toLowerCase())) {
      exoError(res, 404, 'TenantNotFound', `Tenant '${tenantName}' was not found.`);
      return;
    }
    const anchor = req.headers['x-anchormailbox'];
    if (typeof anchor === 'string') stats.anchors.push(anchor);
    let body: { CmdletInput?: { CmdletName?: unknown; Parameters?: Record<string, unknown> } };
    try {
      body = JSON.parse((await readBody(req)) || '{}');
    } catch {
      exoError(res, 400, 'BadRequest', 'The request body is not JSON.');
      return;
    }
    const cmdlet = String(body.CmdletInput?.CmdletName ?? '');
    stats.cmdlets.push(cmdlet);
    stats.byCmdlet[cmdlet] = (stats.byCmdlet[cmdlet] ?? 0) + 1;
    if (!/^Get-[A-Za-z]+$/.test(cmdlet)) {
      stats.nonGet++;
      exoError(res, 400, 'BadRequest', `The simulator serves read-only Get-* cmdlets only, not '${cmdlet}'.`);
      return;
    }
    if (version === 'v2.0' && !ADMIN_API[endpoint]?.includes(cmdlet)) {
      exoError(res, 400, 'BadRequest', `The ${endpoint} endpoint does not accept ${cmdlet}.`);
      return;
    }
    if (version === 'beta' && endpoint !== 'InvokeCommand') {
      exoError(res, 404, 'NotFound', `no route for ${url.pathname}`);
      return;
    }
    if (sim.latencyMs) await new Promise((r) => setTimeout(r, sim.latencyMs));
    if (sim.throttleAlways || (sim.throttleFirst ?? 0) > stats.throttled) {
      stats.throttled++;
      exoError(res, 429, 'TooManyRequests', 'Too many requests. Retry later.', {
        'retry-after': String(sim.retryAfterSeconds ?? 1),
      });
      return;
    }
    if (sim.forbidden?.includes(cmdlet)) {
      exoError(
        res,
        403,
        'Forbidden',
        `The application does not have the required role to run '${cmdlet}'. Assign an Exchange Online RBAC role that includes it.`,
      );
      return;
    }
    if (sim.hang?.includes(cmdlet)) return; // never answered; the socket closes when the server stops

    const rows: { count: number; at(i: number): ExoObject } =
      cmdlet === 'Get-Mailbox'
        ? data.mailboxes
        : (() => {
            const list = data.cmdlets[cmdlet.replace(/^Get-EXO/, 'Get-')] ?? [];
            return { count: list.length, at: (i: number) => list[i]! };
          })();
    const resultSize = body.CmdletInput?.Parameters?.ResultSize;
    const total = typeof resultSize === 'number' ? Math.min(resultSize, rows.count) : rows.count;
    const prefer = String(req.headers.prefer ?? '').match(/odata\.maxpagesize\s*=\s*(\d+)/)?.[1];
    const pageSize = Math.max(1, Math.min(Number(prefer ?? 1000), sim.maxPageSize ?? 1000));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const select = url.searchParams.get('$select')?.split(',').filter(Boolean);
    const end = Math.min(total, skip + pageSize);
    const page = skip / pageSize + 1;
    const value: ExoObject[] = [];
    for (let i = skip; i < end; i++) value.push(project(rows.at(i), select));
    const next = new URL(url.pathname, req.headers.host ? `https://${req.headers.host}` : origin());
    if (select) next.searchParams.set('$select', select.join(','));
    next.searchParams.set('$skiptoken', String(end));
    const payload = JSON.stringify({
      '@odata.context': `${origin()}/adminapi/${version}/$metadata#${endpoint}`,
      ...(end < total ? { '@odata.nextLink': next.toString() } : {}),
      value,
    });
    if (sim.resetOnPage?.[cmdlet] === Math.floor(page)) {
      // Half an answer, then the connection drops (a load balancer reset mid-page).
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write(payload.slice(0, Math.floor(payload.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(payload);
  };
}
