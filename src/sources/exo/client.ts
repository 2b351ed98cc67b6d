/**
 * Exchange Online over HTTPS, read-only.
 *
 * Admin API (documented, public preview; https://learn.microsoft.com/exchange/reference/admin-api-overview,
 * https://learn.microsoft.com/exchange/reference/admin-api-get-started,
 * https://learn.microsoft.com/exchange/reference/admin-api-endpoints-reference):
 *   POST https://outlook.office365.com/adminapi/v2.0/<TenantID>/<Endpoint>      Endpoint: AcceptedDomain | Mailbox | OrganizationConfig | …
 *   Authorization: Bearer <app-only token for https://outlook.office365.com/.default>
 *   Content-Type: application/json
 *   X-AnchorMailbox: <routing hint>
 *   { "CmdletInput": { "CmdletName": "Get-Mailbox", "Parameters": { "ResultSize": "Unlimited" } } }
 *   → { "@odata.context": …, "value": [ … ], "@odata.nextLink": "<next page: POST the same body there>" }
 *   App-only permission: Exchange.ManageAsAppV2 + an Exchange RBAC role on the app's service principal
 *   (https://learn.microsoft.com/exchange/reference/admin-api-authentication).
 *
 * InvokeCommand (undocumented; what the ExchangeOnlineManagement v3 module sends; opt-in with
 * exchangeOnline.invokeCommand):
 *   POST https://outlook.office365.com/adminapi/beta/<TenantID>/InvokeCommand[?$select=A,B]
 *   same CmdletInput body; headers X-CmdletName, X-ResponseFormat: json, X-ClientApplication,
 *   Prefer: odata.maxpagesize=<n>, X-AnchorMailbox. App-only permission: Exchange.ManageAsApp + an
 *   Entra role such as Global Reader.
 *
 * Every request goes through `sendCmdlet`, which refuses anything but the fixed Get-* allow-list.
 */
import { type ApiClientOptions, httpsCall, sleep } from '../graph/http.ts';
import { EXO_APP_PERMISSION, EXO_VIEW_ONLY_ROLES, GLOBAL_READER } from './permissions.ts';

/** The only cmdlets this scanner ever sends: read-only Get-* cmdlets. */
export const READ_CMDLETS = [
  'Get-Mailbox',
  'Get-AcceptedDomain',
  'Get-OrganizationConfig',
  'Get-JournalRule',
  'Get-TransportConfig',
  'Get-InboundConnector',
  'Get-OutboundConnector',
  'Get-IntraOrganizationConnector',
  'Get-OrganizationRelationship',
  'Get-DkimSigningConfig',
] as const;
export type ReadCmdlet = (typeof READ_CMDLETS)[number];

/** The Admin API endpoint that runs each cmdlet (the documented ones); the rest need InvokeCommand. */
const ADMIN_API_ENDPOINT: Partial<Record<ReadCmdlet, string>> = {
  'Get-Mailbox': 'Mailbox',
  'Get-AcceptedDomain': 'AcceptedDomain',
  'Get-OrganizationConfig': 'OrganizationConfig',
};

export type Via = 'admin-api' | 'invoke-command';

/** Throws unless `cmdlet` is a Get-* cmdlet on the allow-list: no write can ever leave the scanner. */
export function assertReadOnly(cmdlet: string): asserts cmdlet is ReadCmdlet {
  if (!/^Get-[A-Za-z]+$/.test(cmdlet) || !(READ_CMDLETS as readonly string[]).includes(cmdlet))
    throw new Error(
      `refusing to send ${JSON.stringify(cmdlet)}: only the read-only Get-* allow-list is sent`,
    );
}

/** A cmdlet that failed for good: which one, how, the HTTP status and what to grant. */
export class ExoRequestError extends Error {
  override name = 'ExoRequestError';
  constructor(
    message: string,
    readonly cmdlet: string,
    readonly status: number,
    readonly code: string,
    readonly via: Via,
  ) {
    super(message);
  }
}

/** The Exchange RBAC role (RBAC for applications) each Admin API cmdlet needs, least privilege. */
const [RECIPIENTS_ROLE, CONFIGURATION_ROLE] = EXO_VIEW_ONLY_ROLES;
const ADMIN_API_ROLE: Partial<Record<ReadCmdlet, string>> = {
  'Get-Mailbox': RECIPIENTS_ROLE,
  'Get-AcceptedDomain': CONFIGURATION_ROLE,
  'Get-OrganizationConfig': CONFIGURATION_ROLE,
};

/** baseUrl: endpoints.exchangeOnline, the network address (default https://outlook.office365.com). */
export interface ExoClientOptions extends ApiClientOptions {
  /** The tenant in the URL path (domain or GUID). */
  tenant: string;
}

interface Page {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  error?: { code?: string; message?: string };
}

/** Routing hint for organisation-wide cmdlets: the tenant's system mailbox, as the EXO module sends. */
function anchorMailbox(tenant: string): string {
  return `UPN:SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}@${tenant}`;
}

/** The URL, headers and body of one cmdlet call. Refuses non-Get cmdlets. */
export function cmdletRequest(
  opts: Pick<ExoClientOptions, 'baseUrl' | 'tenant' | 'pageSize'>,
  via: Via,
  cmdlet: string,
  parameters: Record<string, unknown>,
  select?: readonly string[],
): { url: string; headers: Record<string, string>; body: string } {
  assertReadOnly(cmdlet);
  const base = new URL(opts.baseUrl).origin;
  const tenant = encodeURIComponent(opts.tenant);
  let url: string;
  if (via === 'admin-api') {
    const endpoint = ADMIN_API_ENDPOINT[cmdlet];
    if (!endpoint) throw new Error(`${cmdlet} has no Admin API endpoint`);
    url = `${base}/adminapi/v2.0/${tenant}/${endpoint}`;
  } else {
    url = `${base}/adminapi/beta/${tenant}/InvokeCommand`;
  }
  if (select?.length) url += `?$select=${select.join(',')}`;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    prefer: `odata.maxpagesize=${opts.pageSize}`,
    'x-anchormailbox': anchorMailbox(opts.tenant),
  };
  if (via === 'invoke-command') {
    headers['x-cmdletname'] = cmdlet;
    headers['x-responseformat'] = 'json';
    headers['x-clientapplication'] = 'ExoManagementModule';
  }
  return {
    url,
    headers,
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  };
}

const RETRYABLE_NET = /^(ECONNRESET|EPIPE|ECONNABORTED|ERR_STREAM_PREMATURE_CLOSE|HPE_INVALID|ECONNREFUSED)/;

function grantHint(cmdlet: ReadCmdlet, via: Via): string {
  if (via === 'admin-api') {
    const role = ADMIN_API_ROLE[cmdlet] ?? CONFIGURATION_ROLE;
    return `the app lacks the ${EXO_APP_PERMISSION.adminApi} application permission (Office 365 Exchange Online, with admin consent) or the Exchange RBAC role '${role}' on its service principal. Grant with: New-ServicePrincipal -AppId <appId> -ObjectId <enterprise app object id>; New-ManagementRoleAssignment -App <appId> -Role '${role}' (hybridscan permissions --script prints every step)`;
  }
  return `the app lacks the ${EXO_APP_PERMISSION.invokeCommand} application permission (Office 365 Exchange Online, with admin consent) or a read-only Entra role such as ${GLOBAL_READER.name} on its service principal. Grant with: New-MgRoleManagementDirectoryRoleAssignment -PrincipalId <service principal id> -RoleDefinitionId ${GLOBAL_READER.roleDefinitionId} -DirectoryScopeId / (${GLOBAL_READER.name})`;
}

/**
 * Sends one read-only cmdlet and follows @odata.nextLink page by page; `onPage` sees each page as it
 * arrives (so a 100k-mailbox list is reduced to compact rows without holding the raw pages).
 * Retries 429/5xx (Retry-After) and dropped connections within the scan's retry budget.
 */
export async function sendCmdlet(
  opts: ExoClientOptions,
  via: Via,
  cmdlet: string,
  parameters: Record<string, unknown>,
  onPage: (rows: Record<string, unknown>[], page: number) => void,
  select?: readonly string[],
): Promise<{ pages: number }> {
  const request = cmdletRequest(opts, via, cmdlet, parameters, select);
  const name = cmdlet as ReadCmdlet;
  const counted =
    via === 'admin-api'
      ? `POST /adminapi/v2.0/{tenant}/${ADMIN_API_ENDPOINT[name]} (${cmdlet})`
      : `POST /adminapi/beta/{tenant}/InvokeCommand (${cmdlet})`;
  const origin = new URL(request.url).origin;
  let url = request.url;
  for (let page = 1; ; page++) {
    const answer = await post(opts, url, request, counted, name, via);
    onPage(answer.value ?? [], page);
    const next = answer['@odata.nextLink'];
    if (!next) return { pages: page };
    if (opts.signal.aborted) throw opts.signal.reason;
    // The next page is fetched from the configured network address (endpoints.exchangeOnline), so a
    // nextLink naming outlook.office365.com works behind an override; any other host is refused.
    const nextUrl = new URL(next, origin);
    if (
      (nextUrl.origin !== origin && nextUrl.host !== 'outlook.office365.com') ||
      !nextUrl.pathname.startsWith('/adminapi/')
    )
      throw new ExoRequestError(
        `${cmdlet}: nextLink leaves ${origin}: refusing it`,
        cmdlet,
        0,
        'BadNextLink',
        via,
      );
    url = `${origin}${nextUrl.pathname}${nextUrl.search}`;
  }
}

async function post(
  opts: ExoClientOptions,
  url: string,
  request: { headers: Record<string, string>; body: string },
  counted: string,
  cmdlet: ReadCmdlet,
  via: Via,
): Promise<Page> {
  for (let attempt = 1; ; attempt++) {
    opts.count(counted);
    let res: Awaited<ReturnType<typeof httpsCall>>;
    try {
      const token = await opts.getToken();
      res = await opts.limiter.run(() =>
        httpsCall(
          url,
          {
            method: 'POST',
            headers: { ...request.headers, authorization: `Bearer ${token}` },
            body: request.body,
          },
          { tls: opts.tls, timeoutMs: opts.timeoutMs, connectTo: opts.connectTo, signal: opts.signal },
        ),
      );
    } catch (err) {
      if (opts.signal.aborted) throw opts.signal.reason;
      const code = String((err as { code?: unknown }).code ?? '');
      if (RETRYABLE_NET.test(code) || /socket hang up|aborted/i.test((err as Error).message ?? '')) {
        const wait = opts.budget.next(attempt, 503, undefined);
        if (wait !== undefined) {
          await sleep(wait, opts.signal);
          continue;
        }
      }
      if ((err as { name?: string }).name === 'AuthFailure') throw err;
      throw new ExoRequestError(
        `${cmdlet}: ${(err as Error).message ?? String(err)}${code ? ` (${code})` : ''}`,
        cmdlet,
        0,
        code || 'ENETWORK',
        via,
      );
    }
    const wait = opts.budget.next(attempt, res.status, res.headers['retry-after']);
    if (wait !== undefined) {
      await sleep(wait, opts.signal);
      continue;
    }
    let body: Page;
    try {
      body = JSON.parse(res.body || '{}') as Page;
    } catch {
      if (res.status >= 400) body = {};
      else
        throw new ExoRequestError(
          `${cmdlet}: HTTP ${res.status} answer is not JSON (cut off?)`,
          cmdlet,
          res.status,
          'EBADJSON',
          via,
        );
    }
    if (res.status >= 200 && res.status < 300) return body;
    const code = body.error?.code ?? `HTTP_${res.status}`;
    const text = body.error?.message ? ` ${body.error.message}` : '';
    let message: string;
    if (res.status === 403)
      message = `${cmdlet}: HTTP 403 — ${grantHint(cmdlet, via)}.${text ? ` Exchange Online said:${text}` : ''}`;
    else if (res.status === 401)
      message = `${cmdlet}: HTTP 401 ${code} — Exchange Online refused the token (it must be an app-only token for https://outlook.office365.com with ${via === 'admin-api' ? 'Exchange.ManageAsAppV2' : 'Exchange.ManageAsApp'} consented).${text}`;
    else if (res.status === 429) message = `${cmdlet}: throttled (HTTP 429) and the retry budget ran out`;
    else message = `${cmdlet}: HTTP ${res.status} ${code}${text}`;
    throw new ExoRequestError(
      message,
      cmdlet,
      res.status,
      res.status === 403 ? 'FORBIDDEN' : res.status === 429 ? 'THROTTLED' : code,
      via,
    );
  }
}
