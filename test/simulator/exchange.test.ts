import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadExchangeData } from '../../src/simulator/exchange/data.ts';
import { loadScenario } from '../../src/simulator/scenario.ts';
import server from '../../src/simulator/servers/exchange.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { probeHttps } from '../../src/sources/http/probe.ts';

const ca = readFileSync(TEST_CA_FILE, 'utf8');

describe('exchange simulator', () => {
  it('merges a variant over contoso-ready key by key', () => {
    const data = loadExchangeData(loadScenario('http-ews-404'));
    expect(data?.onPremises?.ews).toBe(false);
    expect(data?.onPremises?.build).toBe('15.2.2562.53');
    expect(data?.exchangeOnline?.mailboxes).toContain('bob@contoso.com');
  });

  it('routes the real names to loopback with connectTo and closes its ports on stop', async () => {
    const started = await server.start(loadScenario('contoso-ready'));
    expect(started).toBeDefined();
    const endpoints = started!.config.endpoints as { connectTo: string[]; exoAutodiscover: string };
    expect(endpoints.exoAutodiscover).toBe('https://outlook.office365.com');
    expect(endpoints.connectTo.map((r) => r.split(':').slice(0, 2).join(':'))).toEqual([
      'autodiscover.contoso.com:443',
      'mail.contoso.com:443',
      'outlook.office365.com:443',
      'mail.contoso.com:25',
    ]);
    const opts = { tls: { ca: [ca], extra: [ca] }, connectTo: endpoints.connectTo, timeoutMs: 3000 };
    const owa = await probeHttps('https://mail.contoso.com/owa/', opts);
    expect(owa.status).toBe(302);
    expect(owa.headers['x-owa-version']).toEqual(['15.2.2562.53']);
    await started!.stop();
    const after = await probeHttps('https://mail.contoso.com/owa/', opts);
    expect(after.fault?.kind).toBe('refused');
  });
});
