import { describe, expect, it } from 'vitest';
import httpCollector from '../../../src/sources/http/collector.ts';
import openidCollector from '../../../src/sources/openid/collector.ts';
import type { Collector } from '../../../src/sources/types.ts';
import { collectScenario } from '../../helpers/http.ts';

describe('http collector against the simulated hybrid', () => {
  it('collects every artifact of contoso-ready over real TLS with deduplicated targets', async () => {
    const r = await collectScenario('contoso-ready');
    expect(r.sources.http?.status).toBe('ok');
    expect(Object.keys(r.input.errors ?? {})).toEqual([]);
    const a = r.input.artifacts!;
    expect(a['http.targets']?.autodiscoverHosts.map((h) => h.host)).toEqual(['autodiscover.contoso.com']);
    expect(a['http.targets']?.ewsUrls).toEqual([
      { url: 'https://mail.contoso.com/EWS/Exchange.asmx', from: ['autodiscover'] },
    ]);
    expect(a['http.autodv2']).toHaveLength(4);
    expect(a['http.ews']?.map((e) => e.host)).toEqual(['mail.contoso.com']);
    expect(a['http.tls']?.map((t) => `${t.protocol}:${t.host}:${t.port}`).sort()).toEqual([
      'https:autodiscover.contoso.com:443',
      'https:mail.contoso.com:443',
      'smtp:mail.contoso.com:25',
    ]);
    // Certificates live once per host in http.tls, not in every probe.
    expect(a['http.ews']?.[0]?.ews.certificate).toBeUndefined();
    // 4 Autodiscover v2 (+1 redirect hop), POX, svc, 5 EWS-host paths (+1 OWA hop), 2 TLS + 1 SMTP.
    expect(r.sources.http?.requests).toBe(16);
    expect(r.sources.http?.requestsByEndpoint['/autodiscover/autodiscover.json/v1.0']).toBe(5);
    expect(r.durationMs).toBeLessThan(10_000);
  });

  it('probes with config domains alone (no sample users, no other source)', async () => {
    const r = await collectScenario('contoso-ready', (c) => ({ ...c, probes: { smtp: false } }));
    const a = r.input.artifacts!;
    expect(a['http.targets']?.users).toEqual({});
    expect(a['http.autodv2']).toEqual([]);
    expect(a['http.pox']?.[0]?.probe.status).toBe(401);
    // Without Autodiscover naming an EWS URL, the Autodiscover host itself is probed for EWS.
    expect(a['http.ews']?.[0]).toMatchObject({ host: 'autodiscover.contoso.com', from: ['fallback'] });
  });

  it('a server that never answers ends as probe faults within the probe timeout; the rest completes', async () => {
    const r = await collectScenario('http-hang');
    const a = r.input.artifacts!;
    expect(r.sources.http?.status).toBe('ok');
    expect(r.sources.openid?.status).toBe('ok');
    const onPrem = a['http.autodv2']?.find((p) => p.endpoint === 'onprem' && p.userKind === 'onPremises');
    expect(onPrem?.probe.fault).toMatchObject({ kind: 'timeout', code: 'ETIMEDOUT' });
    const exo = a['http.autodv2']?.find((p) => p.endpoint === 'exo' && p.userKind === 'cloud');
    expect(exo?.probe.status).toBe(200);
    // One dead host costs about one probe timeout (1000 ms in this scenario), not one per path.
    expect(r.durationMs).toBeLessThan(4500);
  });

  it('the overall deadline stops collection and leaves artifact errors with the cause', async () => {
    const r = await collectScenario(
      'http-hang',
      (c) => ({ ...c, probes: { ...(c.probes as object), timeoutMs: 20_000 } }),
      undefined,
      600,
    );
    expect(r.durationMs).toBeLessThan(5000);
    expect(r.sources.http?.status).toBe('error');
    expect(r.input.errors?.['http.autodv2']?.code).toBe('ABORTED');
  });

  it('picks the SMTP host from probes.smtpHost, else the AD smart host, else the EWS host', async () => {
    const noHost = (c: Record<string, unknown>) => ({
      ...c,
      probes: { ...(c.probes as object), smtpHost: undefined },
    });
    const fromEws = await collectScenario('contoso-ready', noHost);
    expect(fromEws.input.artifacts?.['http.targets']?.smtpHost).toEqual({
      host: 'mail.contoso.com',
      from: 'the EWS host Autodiscover named (no smart host known)',
    });
    // A stand-in for the LDAP source's HybridConfiguration artifact (msExchCoexistenceOnPremisesSmartHost).
    const fakeLdap: Collector = {
      id: 'ldap',
      produces: [],
      notConfigured: () => undefined,
      concurrency: () => 1,
      async collect(ctx) {
        ctx.put('ldap.hybridConfiguration' as never, { onPremisesSmartHost: 'mail.contoso.com' } as never);
      },
    };
    const fromAd = await collectScenario('contoso-ready', noHost, [openidCollector, httpCollector, fakeLdap]);
    expect(fromAd.input.artifacts?.['http.targets']?.smtpHost?.from).toMatch(
      /msExchCoexistenceOnPremisesSmartHost/,
    );
    const smtp = fromAd.input.artifacts?.['http.tls']?.find((t) => t.protocol === 'smtp');
    expect(smtp?.certificate?.sans).toContain('mail.contoso.com');
  });
});
