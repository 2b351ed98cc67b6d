import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PKI_DIR } from '../scenario.ts';

/** Key id of the simulated Entra signing key (the fixtures' server key; test-only). */
const SIM_KID = 'hybridscan-sim-1';

let keys:
  | { privateKey: ReturnType<typeof createPrivateKey>; publicKey: ReturnType<typeof createPublicKey> }
  | undefined;

function signingKeys() {
  if (!keys) {
    const privateKey = createPrivateKey(readFileSync(join(PKI_DIR, 'server.key')));
    keys = { privateKey, publicKey: createPublicKey(privateKey) };
  }
  return keys;
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

/** Issues an RS256 access token signed by the simulated Entra key. */
export function issueToken(claims: Record<string, unknown>): string {
  const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: SIM_KID }));
  const payload = b64url(JSON.stringify(claims));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), signingKeys().privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}

/** Verifies a token issued by `issueToken` (signature and lifetime); returns its claims. */
export function verifyToken(token: string, nowSec = Date.now() / 1000): Record<string, unknown> | undefined {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${h}.${p}`),
    signingKeys().publicKey,
    Buffer.from(s, 'base64url'),
  );
  if (!ok) return undefined;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof claims.exp === 'number' && claims.exp < nowSec) return undefined;
  return claims;
}

/** The JWKS document of the simulated signing key. */
export function jwks(): { keys: Record<string, unknown>[] } {
  const jwk = signingKeys().publicKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: SIM_KID, use: 'sig', alg: 'RS256' }] };
}

/** SHA-256 thumbprint (base64url) of a PEM certificate under fixtures/pki, as in `x5t#S256`. */
function pkiThumbprint(file: string): { x5tS256: string; cert: X509Certificate } {
  const cert = new X509Certificate(readFileSync(join(PKI_DIR, file)));
  return { x5tS256: createHash('sha256').update(cert.raw).digest('base64url'), cert };
}

/**
 * Checks a client assertion (private_key_jwt): the `x5t#S256` header names a registered
 * certificate and the PS256/RS256 signature verifies with its public key.
 */
export function verifyAssertion(
  assertion: string,
  certificateFiles: readonly string[],
): { ok: boolean; x5c: boolean } {
  const [h, p, s] = assertion.split('.');
  if (!h || !p || !s) return { ok: false, x5c: false };
  let header: { alg?: string; 'x5t#S256'?: string; x5c?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, x5c: false };
  }
  const x5c = Array.isArray(header.x5c) && header.x5c.length > 0;
  for (const file of certificateFiles) {
    const { x5tS256, cert } = pkiThumbprint(file);
    if (header['x5t#S256'] !== x5tS256) continue;
    const data = Buffer.from(`${h}.${p}`);
    const sig = Buffer.from(s, 'base64url');
    const key = cert.publicKey;
    const ok =
      header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)
        : verify('RSA-SHA256', data, key, sig);
    return { ok, x5c };
  }
  return { ok: false, x5c };
}
