import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/**
 * The TLS context for a trust list `ca` (PEM). The usual trust, Node's bundled roots followed by
 * the extra CA files (util/tls.ts loadTlsTrust, ldap.caFile), is Node's default store plus those
 * extras: the store is what Node itself trusts, so the CAs of NODE_EXTRA_CA_CERTS (or the system
 * store under --use-system-ca / --use-openssl-ca) count as they do for any Node program (a
 * TLS-inspecting proxy's CA is commonly given that way), and it is built once per process while
 * the extras go to a copy that belongs to this context. Any other list is trusted exactly as
 * given. Passing the whole list as `ca` made Node parse its ~145 roots for every context (about
 * 20 ms of each LDAPS connection or probe).
 */
export function trustContext(ca: readonly string[]): SecureContext {
  const extras = extrasOverBundledRoots(ca);
  if (extras) {
    const context = createSecureContext();
    const native = (context as { context?: { addCACert?: unknown } }).context;
    if (native && typeof native.addCACert === 'function') {
      for (const pem of extras) native.addCACert(pem);
      return context;
    }
  }
  return createSecureContext({ ca: [...ca] });
}

/** What `ca` adds to Node's bundled roots when it starts with exactly them; undefined otherwise. */
function extrasOverBundledRoots(ca: readonly string[]): readonly string[] | undefined {
  const n = rootCertificates.length;
  if (ca.length < n) return undefined;
  for (let i = 0; i < n; i++) if (ca[i] !== rootCertificates[i]) return undefined;
  return ca.slice(n);
}

const shared = new WeakMap<object, SecureContext>();

/**
 * trustContext of a trust object (util/tls.ts TlsTrust), built once per object: one-off
 * connections (the HTTP probes, TLS handshakes) share it instead of each building its own.
 */
export function sharedTrustContext(trust: { readonly ca: readonly string[] }): SecureContext {
  let context = shared.get(trust);
  if (!context) {
    context = trustContext(trust.ca);
    shared.set(trust, context);
  }
  return context;
}
