import { readFileSync } from 'node:fs';
import { connect, rootCertificates, type SecureContext } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttps, startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { trustContext } from '../../../src/sources/net/trust-context.ts';

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

const saved = process.env.NODE_EXTRA_CA_CERTS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = saved;
});

// Node's bundled roots plus extras start from Node's default store; with NODE_EXTRA_CA_CERTS set,
// or any other list, every PEM is parsed: each way trusts exactly the list.
describe.each([
  ['from the default store', undefined],
  ['every PEM parsed (NODE_EXTRA_CA_CERTS set)', '/nonexistent/extra-ca.pem'],
])('trustContext, %s', (_, extraCerts) => {
  const withEnv = (make: () => SecureContext) => {
    if (extraCerts === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = extraCerts;
    return make();
  };

  it('trusts a CA listed after the bundled roots', async () => {
    expect(await verifies(withEnv(() => trustContext([...rootCertificates, caPem])))).toBe('verified');
  });

  it('does not trust it with the bundled roots alone, or with one root missing', async () => {
    expect(await verifies(withEnv(() => trustContext([...rootCertificates])))).toBe(
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
    // not the bundled list any more: parsed as given, and still without the test CA
    expect(await verifies(withEnv(() => trustContext(rootCertificates.slice(1))))).toBe(
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    );
  });

  it('trusts a list given without the bundled roots', async () => {
    expect(await verifies(withEnv(() => trustContext([caPem])))).toBe('verified');
  });
});
