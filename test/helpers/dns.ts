import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../src/config/schema.ts';
import type { ArtifactKey, ArtifactMap } from '../../src/evidence/index.ts';
import { type DnsFaults, type RunningDns, startDnsServer } from '../../src/simulator/dns/server.ts';
import { parseZone } from '../../src/simulator/dns/zone.ts';
import { SCENARIOS_DIR } from '../../src/simulator/scenario.ts';
import { startHttps, TEST_CA_FILE } from '../../src/simulator/tls.ts';
import type { ArtifactError } from '../../src/snapshot/types.ts';
import { collectAll } from '../../src/sources/collect.ts';
import dnsCollector from '../../src/sources/dns/collector.ts';
import type { Collector } from '../../src/sources/types.ts';
import { loadTlsTrust } from '../../src/util/tls.ts';

const READY_ZONES = join(SCENARIOS_DIR, 'contoso-ready', 'zones');

/** contoso-ready's zone files as text, keyed by origin. */
export function readyZones(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(READY_ZONES))
    out[f.replace(/\.zone$/, '')] = readFileSync(join(READY_ZONES, f), 'utf8');
  return out;
}

/** Edits a zone text: drops lines matching `drop`, appends `add` lines. */
export function editZone(text: string, edit: { drop?: RegExp; add?: string[] }): string {
  const lines = text.split('\n').filter((l) => !edit.drop?.test(l));
  return [...lines, ...(edit.add ?? [])].join('\n');
}

export interface DnsRun {
  artifacts: Partial<ArtifactMap>;
  errors: Partial<Record<ArtifactKey, ArtifactError>>;
  requests: number;
  log: string[];
}

export interface DnsRunOptions {
  /** Zone texts by origin (default: contoso-ready's), merged over the defaults. */
  zones?: Record<string, string | undefined>;
  domains?: string[];
  faults?: DnsFaults;
  authenticatedZones?: string[];
  /** Stage-1 artifacts of other sources (ldap.*, graph.*). */
  upstream?: Partial<ArtifactMap>;
  /** MTA-STS policy texts by domain, served over HTTPS with the test CA. */
  mtaSts?: Record<string, string>;
  gatewayAddress?: string;
  dns?: { timeoutMs?: number; retries?: number };
  /** Ask this server (`host:port`, e.g. a real authoritative server) instead of starting the simulator. */
  server?: string;
}

/**
 * Runs the real DNS collector against an in-process authoritative server on loopback serving the
 * given zones; returns its artifacts, ready for `runCheck`.
 */
export async function collectDns(opts: DnsRunOptions = {}): Promise<DnsRun> {
  const texts = { ...readyZones(), ...opts.zones };
  const zones = Object.entries(texts)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([origin, text]) => parseZone(text, `${origin}.`, origin));
  let dns: RunningDns | undefined;
  let https: Awaited<ReturnType<typeof startHttps>> | undefined;
  try {
    if (!opts.server)
      dns = await startDnsServer({ zones, faults: opts.faults, authenticatedZones: opts.authenticatedZones });
    const address = opts.server ?? dns!.address;
    const policies = opts.mtaSts ?? {
      'contoso.com': readFileSync(join(SCENARIOS_DIR, 'contoso-ready', 'mta-sts', 'contoso.com.txt'), 'utf8'),
    };
    https = await startHttps((req, res) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const policy = policies[host.replace(/^mta-sts\./, '')];
      res.writeHead(policy === undefined ? 404 : 200, { 'content-type': 'text/plain' });
      res.end(policy ?? 'not found');
    });
    const config = configSchema.parse({
      domains: opts.domains ?? ['contoso.com'],
      dns: {
        servers: [address],
        // Short only when a test makes the server stay silent; generous otherwise so a busy CI never flakes.
        timeoutMs: opts.dns?.timeoutMs ?? (opts.faults?.timeout?.length ? 400 : 2000),
        retries: opts.dns?.retries ?? 0,
      },
      endpoints: {
        caFile: TEST_CA_FILE,
        connectTo: Object.keys(policies).map((d) => `mta-sts.${d}:443:127.0.0.1:${https!.port}`),
      },
      ...(opts.gatewayAddress ? { mailstore: { gatewayAddress: opts.gatewayAddress } } : {}),
    });
    const upstream = Object.entries(opts.upstream ?? {});
    const fakes: Collector[] = [...new Set(upstream.map(([k]) => k.split('.')[0]!))].map((id) => ({
      id,
      produces: upstream.filter(([k]) => k.startsWith(`${id}.`)).map(([k]) => k as ArtifactKey),
      notConfigured: () => undefined,
      concurrency: () => 1,
      async collect(ctx) {
        for (const [k, v] of upstream) if (k.startsWith(`${id}.`)) ctx.put(k as ArtifactKey, v as never);
      },
    }));
    const collected = await collectAll({
      config,
      collectors: [...fakes, dnsCollector],
      tls: loadTlsTrust(config),
      signal: new AbortController().signal,
    });
    const artifacts: Record<string, unknown> = {};
    const errors: Record<string, ArtifactError> = {};
    for (const [k, rec] of Object.entries(collected.artifacts)) {
      if (!k.startsWith('dns.')) continue;
      if (rec.status === 'ok') artifacts[k] = rec.data;
      else errors[k] = rec.error;
    }
    for (const [k, v] of upstream) artifacts[k] = v;
    return {
      artifacts: artifacts as Partial<ArtifactMap>,
      errors,
      requests: collected.sources.dns?.requests ?? 0,
      log: dns?.log ?? [],
    };
  } finally {
    await Promise.allSettled([dns?.stop(), https?.close()]);
  }
}
