/** LDAP faults as errors that carry the result code, the AD sub-code and what to do. */
import { describeError } from '../../util/errors.ts';

export type LdapErrorCode =
  | 'AUTH_FAILED'
  | 'INSECURE_BIND'
  | 'STRONG_AUTH_REQUIRED'
  | 'TLS'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'LDAP_ERROR';

/** An LDAP fault with the result code, the AD sub-code and what to do, in one message. */
export class LdapError extends Error {
  override name = 'LdapError';
  constructor(
    message: string,
    readonly code: LdapErrorCode,
    readonly resultCode?: number,
    readonly subCode?: string,
  ) {
    super(message);
  }
}

/** AD's `data <hex>` sub-codes of result 49 (invalidCredentials). */
export const AD_BIND_SUBCODES: Record<string, string> = {
  '525': 'user not found',
  '52e': 'invalid credentials, a wrong password or an unknown bind DN',
  '530': 'logon not permitted at this time',
  '531': 'logon not permitted from this workstation',
  '532': 'password expired',
  '533': 'account disabled',
  '568': 'too many security IDs (token too large)',
  '701': 'account expired',
  '773': 'the user must reset the password before the first logon',
  '775': 'account locked out',
};

const RESULT_NAMES: Record<number, string> = {
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  8: 'strongerAuthRequired',
  10: 'referral',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  80: 'other',
};

/** Turns any ldapts / socket / TLS error into an LdapError that explains itself. */
export function explainLdapError(err: unknown, what: string, server: string): LdapError {
  if (err instanceof LdapError) return err;
  const e = err as { code?: unknown; message?: string; name?: string };
  const message = e?.message ?? String(err);
  if (typeof e?.code === 'number') {
    const rc = e.code;
    const name = RESULT_NAMES[rc] ?? `result ${rc}`;
    if (rc === 49) {
      const sub = message.match(/\bdata ([0-9a-f]{3,4})\b/i)?.[1]?.toLowerCase();
      const meaning = sub ? AD_BIND_SUBCODES[sub] : undefined;
      return new LdapError(
        `LDAP bind to ${server} failed: result 49 invalidCredentials${sub ? `, AD sub-code ${sub}${meaning ? `: ${meaning}` : ''}` : ''}. ` +
          `${sub === '775' ? 'Wait for the lockout to end or have it unlocked; ' : ''}` +
          `Check ldap.bindDn and ldap.password, and that the account is enabled, unlocked and not expired.` +
          (message ? ` Server said: ${firstLine(message)}` : ''),
        'AUTH_FAILED',
        49,
        sub,
      );
    }
    if (rc === 8 || rc === 13) {
      return new LdapError(
        `${what} on ${server} refused: result ${rc} ${name} — the DC requires transport encryption for a simple bind. Use ldaps:// or set ldap.startTls: true. Server said: ${firstLine(message)}`,
        'STRONG_AUTH_REQUIRED',
        rc,
      );
    }
    if (rc === 50) {
      return new LdapError(
        `${what} on ${server}: result 50 insufficientAccessRights — the bind account may not read this. Grant it read access (an ordinary domain user can read the configuration and domain partitions). Server said: ${firstLine(message)}`,
        'FORBIDDEN',
        50,
      );
    }
    if (rc === 32) return new LdapError(`${what}: result 32 noSuchObject`, 'NOT_FOUND', 32);
    return new LdapError(
      `${what} on ${server} failed: result ${rc} ${name}: ${firstLine(message)}`,
      'LDAP_ERROR',
      rc,
    );
  }
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (e?.name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return new LdapError(`${what} on ${server} timed out: ${message}`, 'TIMEOUT');
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|ERR_TLS|ERR_SSL/.test(code)) {
    return new LdapError(
      `TLS to ${server} failed: ${code}: ${firstLine(message)}. Trust the DC's CA with ldap.caFile (or endpoints.caFile) and connect by a name the certificate covers; verification is never turned off.`,
      'TLS',
    );
  }
  if (code && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ENETUNREACH|EAI_AGAIN|EPIPE/.test(code)) {
    return new LdapError(`${what}: cannot reach ${server}: ${code}: ${firstLine(message)}`, 'NETWORK');
  }
  return new LdapError(`${what} on ${server} failed: ${describeError(err)}`, 'LDAP_ERROR');
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.replace(/\0/g, '').trim();
}
