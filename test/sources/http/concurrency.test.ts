import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import { startHttps, TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import httpCollector from '../../../src/sources/http/collector.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

describe('http collector concurrency', () => {
  it('never has more than probes.concurrency requests in flight, and asks each target once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: string[] = [];
    const server = await startHttps(async (req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      seen.push(`${req.method} ${req.headers.host}${req.url}`);
      await new Promise((r) => setTimeout(r, 40));
      inFlight--;
      res.writeHead(401, { 'www-authenticate': 'Negotiate', 'x-feserver': 'EX01' });
      res.end();
    });
    try {
      const hosts = ['a', 'b', 'c', 'd', 'e'].map((h) => `${h}.contoso.com`);
      const { config } = parseConfig(
        {
          domains: ['contoso.com'],
          probes: {
            // Listed twice (and in two cases): deduplicated.
            autodiscoverHosts: [...hosts, 'A.contoso.com', 'autodiscover.contoso.com'],
            concurrency: 2,
            timeoutMs: 5000,
          },
          endpoints: {
            caFile: TEST_CA_FILE,
            connectTo: [...hosts, 'autodiscover.contoso.com'].map((h) => `${h}:443:127.0.0.1:${server.port}`),
          },
        },
        'concurrency test',
        '/tmp',
      );
      const collected = await collectAll({
        config,
        collectors: [httpCollector],
        tls: loadTlsTrust(config),
        signal: AbortSignal.timeout(20_000),
      });
      expect(collected.sources.http?.status).toBe('ok');
      expect(peak).toBeLessThanOrEqual(2);
      expect(peak).toBe(2);
      const pox = seen.filter((s) => s.includes('/autodiscover/autodiscover.xml'));
      expect(pox).toHaveLength(6);
      expect(new Set(pox).size).toBe(6);
    } finally {
      await server.close();
    }
  });
});
