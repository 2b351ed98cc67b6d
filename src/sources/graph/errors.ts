/** Graph faults as artifact errors that name the cause and, for a 403, the permission. */

import { ARTIFACT_PERMISSION, holds } from '../../model/graph-permissions.ts';
import { describeError } from '../../util/errors.ts';
import type { AuthFailure } from './auth.ts';
import { GraphRequestError } from './client.ts';
import type { GRAPH_ARTIFACTS } from './select.ts';

export function toArtifactError(
  key: (typeof GRAPH_ARTIFACTS)[number],
  err: unknown,
  held: readonly string[],
  delegated: boolean,
) {
  const permission = (ARTIFACT_PERMISSION as Record<string, string>)[key];
  if (isAuthFailure(err)) return { message: err.message, code: 'AUTH_FAILED' };
  if (err instanceof GraphRequestError) {
    if (err.status === 403 || err.status === 401) {
      const hasIt = permission ? holds(held, permission) : true;
      const kind = delegated
        ? 'delegated permission (and a role that allows it)'
        : 'application permission with admin consent';
      return {
        message: `${err.message.replace(/\.+$/, '')}. The scan identity needs the Microsoft Graph ${kind} ${permission}${hasIt ? ' (the token claims it: check role assignment scope or Conditional Access)' : held.length === 0 ? ': its token carries no permissions at all, so admin consent was never granted' : ', which its token does not carry'}`,
        code: 'FORBIDDEN',
        ...(permission ? { permission } : {}),
      };
    }
    if (err.status === 429) return { message: err.message, code: 'THROTTLED' };
    return { message: err.message, code: err.code };
  }
  const code = (err as { code?: unknown }).code;
  return { message: describeError(err), ...(typeof code === 'string' ? { code } : {}) };
}

export function batchError(what: string, a: { status: number; body: unknown } | undefined): Error {
  const e = (a?.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const status = a?.status ?? 0;
  return new GraphRequestError(
    `${what}: ${status === 429 ? 'throttled (HTTP 429) and the retry budget ran out' : `HTTP ${status} ${e?.code ?? ''} ${e?.message ?? ''}`.trim()}`,
    status,
    e?.code ?? `HTTP_${status}`,
    'POST /$batch',
  );
}

/** By name: errors.ts must not load auth.ts (and MSAL) before Graph signs in. */
function isAuthFailure(err: unknown): err is AuthFailure {
  return err instanceof Error && err.name === 'AuthFailure';
}
