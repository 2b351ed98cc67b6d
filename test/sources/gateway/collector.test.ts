import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { type Listener, startSmtp } from '../../../src/simulator/exchange/listeners.ts';
import { TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import gateway from '../../../src/sources/gateway/collector.ts';
import type { Collector } from '../../../src/sources/types.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';
import { dnsGateway } from '../../checks/journal/fixtures.ts';

let listener: Listener | undefined;
afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

/** A stand-in DNS source that answers the Gateway MX like the real one. */
const dns: Collector = {
  id: 'dns',
  produces: ['dns.gateway'],
  notConfigured: () => undefined,
  concurrency: () => 1,
  async collect(ctx) {
    ctx.put('dns.gateway', dnsGateway({ a: ['127.0.0.1'] }));
  },
};

async function probe(opts: { smtp: boolean; port?: number }) {
  const { config } = parseConfig(
    {
      tenant: 'contoso.onmicrosoft.com',
      mailstore: { gatewayAddress: 'journal@gateway.example.net' },
      probes: { smtp: opts.smtp, timeoutMs: 3000 },
      endpoints: {
        caFile: TEST_CA_FILE,
        connectTo: opts.port ? [`msgw.example.net:25:127.0.0.1:${opts.port}`] : [],
      },
    },
    'test',
    '/',
  );
  return collectAll({
    config,
    tls: loadTlsTrust(config),
    signal: new AbortController().signal,
    collectors: [dns, gateway],
  });
}

describe('gateway source (SMTP STARTTLS probe of the Gateway MX)', () => {
  it('not configured unless probes.smtp is on', async () => {
    const r = await probe({ smtp: false });
    expect(r.sources.gateway).toMatchObject({ status: 'not-configured' });
    expect(r.sources.gateway?.reason).toMatch(/probes\.smtp/);
  });

  it('EHLO, STARTTLS and a verified handshake against msgw.example.net', { timeout: 10_000 }, async () => {
    listener = await startSmtp('msgw.example.net', 'gateway');
    const r = await probe({ smtp: true, port: listener.port });
    const a = r.artifacts['gateway.smtp'];
    expect(a?.status).toBe('ok');
    const p =
      a?.status === 'ok'
        ? (a.data as { probes: { host: string; fault?: unknown; certificate?: { sans: string[] } }[] }).probes
        : [];
    expect(p).toHaveLength(1);
    expect(p[0]?.fault).toBeUndefined();
    expect(p[0]?.certificate?.sans).toContain('msgw.example.net');
    expect(r.sources.gateway?.requests).toBe(1);
  });

  it('records a server without STARTTLS as a fault with the cause', { timeout: 10_000 }, async () => {
    listener = await startSmtp('msgw.example.net', 'gateway', undefined, { starttls: false });
    const r = await probe({ smtp: true, port: listener.port });
    const a = r.artifacts['gateway.smtp'];
    const p = a?.status === 'ok' ? (a.data as { probes: { fault?: { message: string } }[] }).probes : [];
    expect(p[0]?.fault?.message).toMatch(/does not offer STARTTLS/);
  });
});
