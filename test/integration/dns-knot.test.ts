import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import autodiscover from '../../checks/dns/autodiscover-onprem.ts';
import dkim from '../../checks/dns/dkim-selectors.ts';
import dmarc from '../../checks/dns/dmarc.ts';
import dnssec from '../../checks/dns/dnssec.ts';
import mtaSts from '../../checks/dns/mta-sts-tlsrpt.ts';
import mxResolves from '../../checks/dns/mx-resolves.ts';
import mxTopology from '../../checks/dns/mx-topology.ts';
import spfCovers from '../../checks/dns/spf-covers-senders.ts';
import spfLimit from '../../checks/dns/spf-lookup-limit.ts';
import spfRecord from '../../checks/dns/spf-record.ts';
import { listScenarios, loadScenario, SCENARIOS_DIR } from '../../src/simulator/scenario.ts';
import { scenarioFiles } from '../../src/simulator/servers/dns.ts';
import { Resolver } from '../../src/sources/dns/resolver.ts';
import { runCheck } from '../helpers/check.ts';
import { collectDns } from '../helpers/dns.ts';
import { KNOTD, type RunningKnot, startKnot, zonesIn } from './knot.ts';

/**
 * The real-server tier: Knot DNS, authoritative, on 127.0.0.2 with the fixtures' zone files.
 * contoso.com is signed on the fly by Knot (real DNSKEY/RRSIG); broken.example is configured
 * without a zone file, so Knot answers SERVFAIL for it.
 */
const REQUIRED = process.env.HYBRIDSCAN_REQUIRE_INTEGRATION === '1';
if (!KNOTD && !REQUIRED)
  console.warn(
    'SKIPPED dns integration tier: knotd is not installed (apt-get install knot; see .ci/apt-dns.txt)',
  );

const FIXTURES = join(SCENARIOS_DIR, '..');

describe.skipIf(!KNOTD && !REQUIRED)('DNS against Knot DNS (real authoritative server)', () => {
  let knot: RunningKnot;
  let spfKnot: RunningKnot | undefined;

  beforeAll(async () => {
    if (!KNOTD)
      throw new Error('HYBRIDSCAN_REQUIRE_INTEGRATION=1 but knotd is not installed (apt-get install knot)');
    const zones = zonesIn(join(SCENARIOS_DIR, 'contoso-ready', 'zones')).map((z) =>
      z.origin === 'contoso.com' ? { ...z, dnssecSigning: true } : z,
    );
    knot = await startKnot(
      [
        ...zones,
        { origin: 'large.example', file: join(FIXTURES, 'dns', 'large.example.zone') },
        { origin: 'broken.example' },
      ],
      'contoso.com',
    );
  }, 60_000);

  afterAll(async () => {
    await knot?.stop();
    await spfKnot?.stop();
  });

  const resolver = () =>
    new Resolver({ servers: [{ host: knot.host, port: knot.port }], timeoutMs: 1000, retries: 1 });

  it('keeps every answer state Knot gives: NOERROR (signed), NODATA, NXDOMAIN, REFUSED, SERVFAIL', async () => {
    const r = resolver();
    const mx = await r.resolve('contoso.com', 'MX');
    expect(mx).toMatchObject({ state: 'noerror', signed: true, transport: 'udp', server: knot.address });
    expect(mx.records[0]).toMatchObject({
      ttl: 3600,
      data: { preference: 0, exchange: 'contoso-com.mail.protection.outlook.com' },
    });
    expect(await r.resolve('contoso.com', 'AAAA')).toMatchObject({ state: 'nodata', negativeTtl: 300 });
    expect(await r.resolve('nothere.contoso.com', 'A')).toMatchObject({ state: 'nxdomain' });
    expect(await r.resolve('www.example.org', 'A')).toMatchObject({ state: 'refused' });
    expect(await r.resolve('broken.example', 'MX')).toMatchObject({ state: 'servfail' });
    const keys = await r.resolve('contoso.com', 'DNSKEY');
    expect(keys.state).toBe('noerror');
    expect(keys.records.length).toBeGreaterThanOrEqual(1);
  });

  it('repeats a truncated answer over TCP', async () => {
    const a = await resolver().resolve('big.large.example', 'TXT');
    expect(a).toMatchObject({ state: 'noerror', truncated: true, transport: 'tcp' });
    expect(a.records).toHaveLength(8);
  });

  it('chases a CNAME into another zone Knot serves separately', async () => {
    const a = await resolver().resolve('selector2._domainkey.contoso.com', 'TXT');
    expect(a.cnameChain).toEqual(['selector2-contoso-com._domainkey.contoso.onmicrosoft.com']);
    expect(String(a.records[0]?.data)).toMatch(/^v=DKIM1; k=rsa;/);
  });

  it('fails over from a dead server to Knot', async () => {
    const r = new Resolver({
      servers: [
        { host: '127.0.0.2', port: 9 },
        { host: knot.host, port: knot.port },
      ],
      timeoutMs: 300,
      retries: 0,
    });
    expect(await r.resolve('contoso.com', 'MX')).toMatchObject({ state: 'noerror', server: knot.address });
  });

  it('runs the collector and every DNS check against Knot', async () => {
    const run = await collectDns({
      server: knot.address,
      domains: ['contoso.com', 'broken.example'],
      dns: { timeoutMs: 1000, retries: 1 },
      upstream: {
        'ldap.autodiscoverScps': [
          { dn: 'CN=EX01', server: 'EX01', urls: ['https://mail.contoso.com/Autodiscover/Autodiscover.xml'] },
        ],
      },
    });
    expect(run.errors).toEqual({});
    const status = (check: Parameters<typeof runCheck>[0], options?: Record<string, unknown>) => {
      const r = runCheck(check, { artifacts: run.artifacts, ...(options ? { setting: { options } } : {}) });
      return Object.fromEntries(r.findings.map((f) => [f.target.label, f.status]));
    };
    expect(status(mxResolves)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(mxTopology)).toEqual({ 'contoso.com': 'info', 'broken.example': 'error' });
    expect(status(spfRecord)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(spfLimit)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(spfCovers, { onPremEgress: ['203.0.113.10'] })).toEqual({
      'contoso.com': 'pass',
      'broken.example': 'error',
    });
    expect(status(dkim)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(dmarc)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(autodiscover)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    expect(status(mtaSts)).toEqual({ 'contoso.com': 'pass', 'broken.example': 'error' });
    const sec = runCheck(dnssec, { artifacts: run.artifacts });
    expect(sec.findings.find((f) => f.target.label === 'contoso.com')).toMatchObject({
      status: 'info',
      message: expect.stringMatching(/DNSKEY published but no DS at the parent/),
    });
  });

  it('every scenario’s zone files load in Knot (the simulator and the real server read the same files)', async () => {
    for (const name of listScenarios().map((x) => x.name)) {
      const files = scenarioFiles(loadScenario(name), 'zones', '.zone');
      if (files.size === 0) continue;
      const zones = [...files].map(([f, path]) => ({ origin: f.replace(/\.zone$/, ''), file: path }));
      const k = await startKnot(zones, zones[0]!.origin);
      try {
        const r = new Resolver({ servers: [{ host: k.host, port: k.port }], timeoutMs: 1000, retries: 1 });
        for (const z of zones)
          expect([name, z.origin, (await r.query(z.origin, 'SOA')).state]).toEqual([
            name,
            z.origin,
            'noerror',
          ]);
        expect(k.output()).not.toMatch(/error:/);
      } finally {
        await k.stop();
      }
    }
  });

  it('counts the over-limit SPF chain of the dns-spf-over-limit scenario served by Knot', async () => {
    const zones = zonesIn(join(SCENARIOS_DIR, 'contoso-ready', 'zones')).map((z) =>
      z.origin === 'contoso.com'
        ? { ...z, file: join(SCENARIOS_DIR, 'dns-spf-over-limit', 'zones', 'contoso.com.zone') }
        : z,
    );
    spfKnot = await startKnot(zones, 'contoso.com');
    const run = await collectDns({ server: spfKnot.address, dns: { timeoutMs: 1000, retries: 1 } });
    const r = runCheck(spfLimit, { artifacts: run.artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/^12 DNS lookups/);
    expect(((r.findings[0]?.evidence?.tree ?? []) as string[]).join('\n')).toContain(
      '#12 exists:%{i}._ip.helpdesk.contoso.com',
    );
  });
});
