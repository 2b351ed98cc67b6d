import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, rootCertificates, type SecureContext } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttps, startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { sharedTrustContext, trustContext } from '../../../src/sources/net/trust-context.ts';

const caPem = readFileSync(TEST_CA_FILE, 'utf8');
let server: RunningHttps;
beforeAll(async () => {
  server = await startHttps((_, res) => {
    res.end('ok');
  });
});
afterAll(() => server.close());

/** Whether a handshake with the test server (its certificate issued by the test CA) verifies. */
function verifies(secureContext: SecureContext): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', secureContext });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('verified');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('trustContext', () => {
  it('trusts a CA listed after the bundled roots', async () => {
    expect(await verifies(trustContext([...rootCertificates, caPem]))).toBe('verified');
  });

  it('does not trust it with the bundled roots alone, or with one root missing, even after a context that trusts it', async () => {
    expect(await verifies(trustContext([...rootCertificates, caPem]))).toBe('verified');
    // the extra went to that context's own copy of the default store, not to the store
    expect(await verifies(trustContext([...rootCertificates]))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    // not the bundled list any more: parsed as given, and still without the test CA
    expect(await verifies(trustContext(rootCertificates.slice(1)))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('trusts a list given without the bundled roots', async () => {
    expect(await verifies(trustContext([caPem]))).toBe('verified');
  });

  it('builds one context per trust object', () => {
    const trust = { ca: [...rootCertificates, caPem] };
    expect(sharedTrustContext(trust)).toBe(sharedTrustContext(trust));
    expect(sharedTrustContext({ ca: trust.ca })).not.toBe(sharedTrustContext(trust));
  });

  // Node reads NODE_EXTRA_CA_CERTS once, at start-up, into its default store: a process of its own.
  // The usual trust (bundled roots + extras) is that store, as for any Node program (Node's
  // documentation, "NODE_EXTRA_CA_CERTS=file"); a list given without the bundled roots is not.
  /** What the usual trust and an explicit list verify in a node of its own with `args` and `env`. */
  async function inOwnNode(args: string[], env: Record<string, string>) {
    const module = new URL('../../../src/sources/net/trust-context.ts', import.meta.url).href;
    const script = `
      import { connect, rootCertificates } from 'node:tls';
      const { trustContext } = await import(${JSON.stringify(module)});
      const verifies = (secureContext) => new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port: ${server.port}, servername: 'localhost', secureContext });
        s.once('secureConnect', () => { s.destroy(); resolve('verified'); });
        s.once('error', (e) => resolve(e.code ?? e.message));
      });
      const usual = await verifies(trustContext([...rootCertificates]));
      const explicit = await verifies(trustContext(rootCertificates.slice(1)));
      console.log(JSON.stringify({ usual, explicit }));`;
    const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...args, '--import', 'tsx', '--input-type=module', '--eval', script],
      { env: { ...rest, ...env }, timeout: 20_000 },
    );
    return JSON.parse(stdout.trim()) as { usual: string; explicit: string };
  }

  // Node reads NODE_EXTRA_CA_CERTS and --use-openssl-ca once, at start-up, into its default store:
  // a process of its own each. The usual trust (bundled roots + extras) is that store, as for any
  // Node program (Node's CLI documentation); a list given without the bundled roots is not.
  it('honours NODE_EXTRA_CA_CERTS for the usual trust, as Node does, and not for an explicit list', async () => {
    expect(await inOwnNode([], { NODE_EXTRA_CA_CERTS: TEST_CA_FILE })).toEqual({
      usual: 'verified',
      explicit: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect((await inOwnNode([], {})).usual).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  }, 30_000);

  it("honours --use-openssl-ca (OpenSSL's store, here SSL_CERT_FILE) for the usual trust", async () => {
    const seen = await inOwnNode(['--use-openssl-ca'], { SSL_CERT_FILE: TEST_CA_FILE });
    expect(seen.usual).toBe('verified');
    expect(seen.explicit).not.toBe('verified');
  }, 30_000);
});
