import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHttps, startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { httpsCall } from '../../../src/sources/net/https.ts';
import type { TlsTrust } from '../../../src/util/tls.ts';

const caPem = readFileSync(TEST_CA_FILE, 'utf8');

let server: RunningHttps;
const sockets = new Set<unknown>();

beforeAll(async () => {
  server = await startHttps((req, res) => {
    sockets.add(req.socket);
    res.end('ok');
  });
});
afterAll(() => server.close());

const get = (tls: TlsTrust) =>
  httpsCall(`${server.origin}/`, { method: 'GET', headers: {} }, { tls, timeoutMs: 5000 });

// The usual trust is Node's default store plus the extras (src/sources/net/trust-context.ts); any
// other list is parsed as given: both ways must trust exactly what they list.
describe('httpsCall trust (one TLS context and keep-alive pool per trust)', () => {
  it('trusts Node roots plus endpoints.caFile, as loadTlsTrust builds them, and reuses the connection', async () => {
    const trust: TlsTrust = { ca: [...rootCertificates, caPem], extra: [caPem] };
    sockets.clear();
    for (let i = 0; i < 3; i++) expect((await get(trust)).status).toBe(200);
    expect(sockets.size).toBe(1);
  });

  it('trusts a list given as is', async () => {
    expect((await get({ ca: [caPem], extra: [caPem] })).status).toBe(200);
  });

  it('does not trust the test CA with Node roots only, even after a trust holding it connected', async () => {
    const withCa: TlsTrust = { ca: [...rootCertificates, caPem], extra: [caPem] };
    expect((await get(withCa)).status).toBe(200);
    const rootsOnly: TlsTrust = { ca: [...rootCertificates], extra: [] };
    await expect(get(rootsOnly)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    // Same lists, another trust object: its own pool, its own verification.
    await expect(get({ ca: [...rootCertificates], extra: [] })).rejects.toMatchObject({
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });
});
