/** The secret keys of the schema: never written to a snapshot, report, log or error message. */
export const SECRET_KEYS = new Set(['clientSecret', 'password', 'passphrase']);

/** Also any key that is named like a secret (an unknown `apiToken`, a misspelt `pasword`), to be safe. */
const SECRET_LIKE = /secret|passw|pasw|passphrase|token|apikey|api_key|privatekey|credential/i;

export function isSecretKey(key: PropertyKey): boolean {
  return typeof key === 'string' && (SECRET_KEYS.has(key) || SECRET_LIKE.test(key));
}

/** True when a path (as zod or our walkers give it) runs through a secret key. */
export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some(isSecretKey);
}

export const REDACTED = '[redacted]';

/** A value written exactly as one environment reference, the only way a secret may appear in a file. */
export const ENV_ONLY = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
