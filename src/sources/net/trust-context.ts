import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/**
 * The TLS context trusting exactly the CAs `ca` lists (PEM). The usual trust, Node's bundled
 * roots followed by the extra CA files (util/tls.ts loadTlsTrust, ldap.caFile), starts from
 * Node's default store, whose roots are parsed once per process, and adds the extras to a copy of
 * it that belongs to this context; any other list is parsed as given. Passing the whole list as
 * `ca` made Node parse its ~145 roots for every context (about 20 ms of each LDAPS connection).
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

/**
 * What `ca` adds to Node's bundled roots when it starts with exactly them and Node's default store
 * holds just those roots (NODE_EXTRA_CA_CERTS or an OpenSSL/system store option would add to or
 * replace them); undefined otherwise.
 */
function extrasOverBundledRoots(ca: readonly string[]): readonly string[] | undefined {
  const options = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  if (process.env.NODE_EXTRA_CA_CERTS || /--use-(openssl|system)-ca/.test(options)) return undefined;
  const n = rootCertificates.length;
  if (ca.length < n) return undefined;
  for (let i = 0; i < n; i++) if (ca[i] !== rootCertificates[i]) return undefined;
  return ca.slice(n);
}
