import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { domainQuestions, mergeMailDomains } from '../../../src/model/dns-names.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import dnsCollector from '../../../src/sources/dns/collector.ts';
import type { Collector } from '../../../src/sources/types.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';
import { collectDns } from '../../helpers/dns.ts';

describe('DNS collector', () => {
  it('scans verified Email domains from Graph, accepted domains from AD and configured domains, not *.onmicrosoft.com', async () => {
    const run = await collectDns({
      domains: ['Contoso.com.'],
      upstream: {
        'graph.domains': [
          { id: 'contoso.com', isVerified: true, supportedServices: ['Email', 'OfficeCommunicationsOnline'] },
          { id: 'contoso.onmicrosoft.com', isVerified: true, isInitial: true, supportedServices: ['Email'] },
          { id: 'fabrikam.com', isVerified: false, supportedServices: ['Email'] },
          { id: 'intranet.contoso.com', isVerified: true, supportedServices: ['Intune'] },
        ],
        'ldap.acceptedDomains': [
          {
            dn: 'CN=contoso.com',
            name: 'contoso.com',
            domain: 'contoso.com',
            type: 'Authoritative',
            isDefault: true,
            flags: 0,
          },
          {
            dn: 'CN=coex',
            name: 'coex',
            domain: 'contoso.mail.onmicrosoft.com',
            type: 'InternalRelay',
            isDefault: false,
            flags: 1,
          },
          {
            dn: 'CN=gw',
            name: 'gw',
            domain: 'example.net',
            type: 'ExternalRelay',
            isDefault: false,
            flags: 2,
          },
        ],
      },
    });
    expect(run.artifacts['dns.mailDomains']).toEqual([
      { domain: 'contoso.com', origins: ['graph', 'ldap', 'config'] },
      { domain: 'example.net', origins: ['ldap'] },
    ]);
    expect(Object.keys(run.artifacts['dns.domains'] ?? {})).toEqual(['contoso.com', 'example.net']);
    expect(Object.keys(run.artifacts['dns.domains']?.['contoso.com'] ?? {})).toContain(
      '_25._tcp.contoso-com.mail.protection.outlook.com/TLSA',
    );
  });

  it('collects the gateway domain MX, the AD hosts’ addresses and the MTA-STS policy', async () => {
    const run = await collectDns({
      gatewayAddress: 'journal@gateway.example.net',
      upstream: {
        'ldap.exchangeServers': [
          { dn: 'CN=EX01', name: 'EX01', fqdn: 'ex01.corp.contoso.com', roles: 16439 },
        ],
        'ldap.autodiscoverScps': [
          { dn: 'CN=EX01', server: 'EX01', urls: ['https://mail.contoso.com/Autodiscover/Autodiscover.xml'] },
        ],
      },
    });
    const gw = run.artifacts['dns.gateway'];
    expect(gw?.domain).toBe('gateway.example.net');
    expect(gw?.answers['gateway.example.net/MX']?.records[0]?.data).toEqual({
      preference: 10,
      exchange: 'msgw.example.net',
    });
    expect(gw?.answers['msgw.example.net/A']?.records[0]?.data).toBe('127.0.0.1');
    const hosts = run.artifacts['dns.onPremHosts'] ?? {};
    expect(hosts['mail.contoso.com/A']?.state).toBe('noerror');
    expect(hosts['ex01.corp.contoso.com/A']?.state).toBe('nxdomain');
    expect(run.artifacts['dns.mtaSts']?.['contoso.com']).toMatchObject({
      httpStatus: 200,
      policy: { mode: 'enforce' },
    });
  });

  it('asks each question once per scan (cache) and counts requests', async () => {
    const run = await collectDns();
    expect(new Set(run.log).size).toBe(run.log.length);
    expect(run.requests).toBe(run.log.length + 1); // + the MTA-STS HTTPS fetch
  });

  it('fails its artifacts with the cause when no DNS server answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    try {
      const config = configSchema.parse({
        domains: ['contoso.com'],
        dns: { servers: [`127.0.0.1:${silent.address().port}`], timeoutMs: 100, retries: 0 },
      });
      const t0 = performance.now();
      const out = await collectAll({
        config,
        collectors: [dnsCollector],
        tls: loadTlsTrust(config),
        signal: new AbortController().signal,
      });
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(out.artifacts['dns.domains']).toMatchObject({ status: 'error', error: { code: 'ETIMEDOUT' } });
      expect(out.sources.dns?.status).toBe('error');
    } finally {
      silent.close();
    }
  });

  it('fails the domain artifacts with the cause when the sources listing the domains failed and none are configured', async () => {
    const failingGraph: Collector = {
      id: 'graph',
      produces: ['graph.domains'],
      notConfigured: () => undefined,
      concurrency: () => 1,
      async collect(ctx) {
        ctx.fail('graph.domains', { message: 'HTTP 403', code: 'FORBIDDEN', permission: 'Domain.Read.All' });
      },
    };
    const config = configSchema.parse({
      mailstore: { gatewayAddress: 'journal@gateway.example.net' },
      dns: { servers: ['127.0.0.1:9'], timeoutMs: 100, retries: 0 },
    });
    const out = await collectAll({
      config,
      collectors: [failingGraph, dnsCollector],
      tls: loadTlsTrust(config),
      signal: new AbortController().signal,
    });
    expect(out.artifacts['dns.domains']).toMatchObject({
      status: 'error',
      error: { code: 'NO_DOMAINS', message: expect.stringMatching(/graph.domains failed \(HTTP 403\)/) },
    });
  });

  it('is not configured without any way to find mail domains', () => {
    expect(dnsCollector.notConfigured(configSchema.parse({}))).toMatch(/domains/);
    expect(dnsCollector.notConfigured(configSchema.parse({ domains: ['contoso.com'] }))).toBeUndefined();
  });
});

describe('mail domain names', () => {
  it('normalises, deduplicates and drops invalid names', () => {
    expect(
      mergeMailDomains([
        { domain: 'A.Example.', origin: 'config' },
        { domain: 'a.example', origin: 'graph' },
        { domain: 'not a domain', origin: 'config' },
      ]),
    ).toEqual([{ domain: 'a.example', origins: ['config', 'graph'] }]);
    expect(
      mergeMailDomains([
        { domain: 'Bücher.example', origin: 'ldap' },
        { domain: '*.contoso.com', origin: 'ldap' },
      ]),
    ).toEqual([{ domain: 'xn--bcher-kva.example', origins: ['ldap'] }]);
  });

  // RFC 9989 §4.10: the collector asks every name of the tree walk, not a suffix-list guess.
  it('asks _dmarc at every name of the DMARC tree walk', () => {
    const dmarc = (d: string) =>
      domainQuestions(d)
        .filter(([n]) => n.startsWith('_dmarc.'))
        .map(([n]) => n);
    expect(dmarc('eu.mail.contoso.com')).toEqual([
      '_dmarc.eu.mail.contoso.com',
      '_dmarc.mail.contoso.com',
      '_dmarc.contoso.com',
      '_dmarc.com',
    ]);
    expect(dmarc('shop.contoso.co.uk')).toEqual([
      '_dmarc.shop.contoso.co.uk',
      '_dmarc.contoso.co.uk',
      '_dmarc.co.uk',
      '_dmarc.uk',
    ]);
  });
});
