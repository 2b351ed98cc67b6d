import type {
  AutodiscoverSvcProbe,
  AutodV2Probe,
  EwsHostProbe,
  HttpProbe,
  PoxProbe,
  ProbeFault,
  TargetOrigin,
  TlsProbe,
} from '../../evidence/http.ts';
import type { CollectContext, Collector } from '../types.ts';
import { type HandshakeOptions, tlsHandshake } from './handshake.ts';
import { type ProbeOptions, probeHttps } from './probe.ts';
import { configuredLookup } from './resolve.ts';
import { buildTargets } from './targets.ts';
import '../../evidence/http.ts';

/** A minimal POX request: what Outlook sends, for the sample user (or a placeholder). */
function poxBody(email: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">' +
    `<Request><EMailAddress>${email.replace(/[<>&"']/g, '')}</EMailAddress>` +
    '<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>' +
    '</Request></Autodiscover>'
  );
}

const SOAP_EMPTY =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body/></soap:Envelope>';

/** The URL shape CSS-Exchange's Get-ProtocolEndpointViaAutoDv2 uses ('@' stays literal in the path). */
/** ClickOnce manifest whose assemblyIdentity version is the server's full build (community method). */
export const EXPORT_TOOL = '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application';

export function autodV2Url(base: string, user: string): string {
  return `${base}/autodiscover/autodiscover.json/v1.0/${encodeURIComponent(user).replace(/%40/g, '@')}?Protocol=EWS`;
}

/**
 * Autodiscover, EWS and TLS probes over HTTPS (and SMTP STARTTLS with `probes.smtp`). Runs after
 * DNS (stage 2) so SRV records, and after LDAP/Graph (stage 1) so SCPs and sample users, are
 * used when those sources ran; with none of them it works from `domains` and `probes.*` alone.
 */
const collector: Collector = {
  id: 'http',
  // After DNS (stage 2): its SRV answers feed the targets.
  stage: 3,
  // Optional inputs: mail domains and SRV (dns), SCPs and sample users (ldap, graph).
  uses: ['dns', 'ldap', 'graph'],
  produces: ['http.targets', 'http.autodv2', 'http.pox', 'http.ews', 'http.autodiscoverSvc', 'http.tls'],
  notConfigured: (config) =>
    config.domains.length > 0 ||
    config.probes?.onPremisesMailbox ||
    config.probes?.cloudMailbox ||
    config.probes?.ewsUrls.length ||
    config.probes?.autodiscoverHosts.length ||
    config.ldap ||
    config.graph
      ? undefined
      : 'set `domains` (or `probes.onPremisesMailbox` / `probes.cloudMailbox`) in the config',
  concurrency: (config) => config.probes?.concurrency ?? 4,
  async collect(ctx) {
    const { config } = ctx;
    const targets = buildTargets(config, ctx.get);
    // Host names resolve through dns.servers when configured, like every DNS question of the scan.
    const lookup = configuredLookup(config.dns?.servers, config.dns?.timeoutMs ?? 3000);
    const probeOpts = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
      tls: ctx.tls,
      connectTo: config.endpoints.connectTo,
      timeoutMs: config.probes?.timeoutMs ?? 10_000,
      signal: ctx.signal,
      onRequest: (u) => ctx.countRequest(endpointName(u)),
      ...(lookup ? { lookup } : {}),
      ...extra,
    });
    const maxRedirects = config.probes?.maxRedirects ?? 3;
    // A host that did not answer at all (timeout, refused, no DNS) is not asked again: its later
    // probes get the same fault at once, so one dead host costs one timeout, not one per path.
    const dead = new Map<string, ProbeFault>();
    const run = (url: string, extra: Partial<ProbeOptions> = {}) =>
      ctx.limiter.run(async () => {
        const host = hostOf(url);
        const known = dead.get(host);
        if (known) {
          const method = extra.method ?? 'GET';
          const fault = { ...known, message: `${known.message} (not asked again)` };
          return { method, url, finalUrl: url, headers: {}, redirects: [], fault, durationMs: 0 };
        }
        const probe = await probeHttps(url, probeOpts(extra));
        const f = probe.fault;
        if (f && probe.redirects.length === 0 && ['timeout', 'refused', 'dns'].includes(f.kind))
          dead.set(host, f);
        return probe;
      });

    // Phase 1: Autodiscover (v2 JSON for the sample users, POX, autodiscover.svc) and EXO.
    ctx.progress(`Autodiscover on ${targets.autodiscoverHosts.length} host(s)`);
    const { onPremises, cloud } = targets.users;
    const v2Jobs: Promise<AutodV2Probe>[] = [];
    for (const { host } of targets.autodiscoverHosts) {
      for (const [user, userKind] of [
        [onPremises, 'onPremises'],
        [cloud, 'cloud'],
      ] as const) {
        if (!user) continue;
        v2Jobs.push(autodV2(run, 'onprem', host, `https://${host}`, user.address, userKind, maxRedirects));
      }
    }
    if (cloud) {
      v2Jobs.push(
        autodV2(
          run,
          'exo',
          hostOf(targets.exoAutodiscover),
          targets.exoAutodiscover,
          cloud.address,
          'cloud',
          maxRedirects,
        ),
      );
    }
    if (onPremises) {
      v2Jobs.push(
        autodV2(
          run,
          'exo',
          hostOf(targets.exoAutodiscover),
          targets.exoAutodiscover,
          onPremises.address,
          'onPremises',
          0,
        ),
      );
    }
    const poxJobs = targets.autodiscoverHosts.map(
      async ({ host }): Promise<PoxProbe> => ({
        host,
        probe: await run(`https://${host}/autodiscover/autodiscover.xml`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8' },
          body: poxBody(
            onPremises?.address ?? cloud?.address ?? `probe@${targets.domains[0]?.name ?? 'example.com'}`,
          ),
        }),
      }),
    );
    const svcJobs = targets.autodiscoverHosts.map(
      async ({ host }): Promise<AutodiscoverSvcProbe> => ({
        host,
        probe: await run(`https://${host}/autodiscover/autodiscover.svc/wssecurity`, {
          method: 'POST',
          headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
          body: SOAP_EMPTY,
        }),
      }),
    );
    const [v2, pox, svc] = await Promise.all([
      Promise.all(v2Jobs),
      Promise.all(poxJobs),
      Promise.all(svcJobs),
    ]);
    stopIfAborted(ctx);
    // Put each phase as it completes: a deadline later on keeps what was already answered.
    // (http.targets is the same object, completed by the later phases.)
    ctx.put('http.targets', targets);
    ctx.put('http.autodv2', v2);
    ctx.put('http.pox', pox);
    ctx.put('http.autodiscoverSvc', svc);

    // Phase 2: the EWS hosts on-prem Autodiscover named, plus configured EWS URLs.
    const ewsTargets = new Map<string, { url: string; from: TargetOrigin[] }>();
    const addEws = (url: string, from: TargetOrigin) => {
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return;
      }
      if (u.protocol !== 'https:') return;
      const entry = ewsTargets.get(u.host.toLowerCase());
      if (!entry) ewsTargets.set(u.host.toLowerCase(), { url: u.href, from: [from] });
      else if (!entry.from.includes(from)) entry.from.push(from);
    };
    for (const e of targets.ewsUrls) addEws(e.url, 'probes.ewsUrls');
    for (const p of v2)
      if (p.endpoint === 'onprem' && p.userKind === 'onPremises' && p.answer?.url)
        addEws(p.answer.url, 'autodiscover');
    if (ewsTargets.size === 0) {
      // Autodiscover named no EWS URL: Exchange serves EWS on every client-access name, so the
      // Autodiscover hosts themselves are probed (marked as a fallback in the evidence).
      for (const h of targets.autodiscoverHosts) addEws(`https://${h.host}/EWS/Exchange.asmx`, 'fallback');
    }
    targets.ewsUrls = [...ewsTargets.values()];

    ctx.progress(`EWS and OWA on ${ewsTargets.size} host(s)`);
    const ews = await Promise.all(
      [...ewsTargets].map(async ([host, { url, from }]): Promise<EwsHostProbe> => {
        const origin = `https://${host}`;
        const [ewsProbe, bearer, owa, wsSecurity, mrsProxy] = await Promise.all([
          run(`${origin}/EWS/Exchange.asmx`),
          run(`${origin}/EWS/Exchange.asmx`, {
            headers: { authorization: 'Bearer', accept: 'application/json' },
          }),
          run(`${origin}/owa/`, { maxRedirects }),
          run(`${origin}/EWS/Exchange.asmx/WSSecurity`, {
            method: 'POST',
            headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
            body: SOAP_EMPTY,
          }),
          run(`${origin}/EWS/mrsproxy.svc`),
        ]);
        const out: EwsHostProbe = {
          host,
          ewsUrl: url,
          from,
          ews: ewsProbe,
          bearer,
          owa,
          wsSecurity,
          mrsProxy,
        };
        // No X-OWA-Version anywhere: the eDiscovery export tool manifest names the full build.
        const header = [ewsProbe, bearer, owa].some((p) => p.headers['x-owa-version']?.some((v) => v.trim()));
        if (!header && !owa.fault) out.exportTool = await run(`${origin}${EXPORT_TOOL}`);
        return out;
      }),
    );
    stopIfAborted(ctx);
    ctx.put('http.ews', ews);

    // Phase 3: certificates of every HTTPS name (and the SMTP smart host with probes.smtp).
    const skippedTls: TlsProbe[] = [];
    const tlsTargets = new Map<
      string,
      {
        host: string;
        port: number;
        protocol: 'https' | 'smtp';
        role: string[];
        expectedCertificateName?: { value: string; from: string };
      }
    >();
    const addTls = (hostPort: string, protocol: 'https' | 'smtp', role: string, defaultPort: number) => {
      const { host, port } = splitHostPort(hostPort, defaultPort);
      const key = `${protocol}:${host}:${port}`;
      const entry = tlsTargets.get(key);
      if (!entry) tlsTargets.set(key, { host, port, protocol, role: [role] });
      else if (!entry.role.includes(role)) entry.role.push(role);
    };
    for (const h of targets.autodiscoverHosts) addTls(h.host, 'https', 'autodiscover', 443);
    for (const h of ewsTargets.keys()) addTls(h, 'https', 'ews', 443);
    if (config.probes?.smtp) {
      const smtp = smtpHost(
        ctx,
        [...ewsTargets].filter(([, v]) => v.from.includes('autodiscover')).map(([h]) => h),
      );
      if (smtp) {
        targets.smtpHost = smtp;
        addTls(smtp.host, 'smtp', 'smtp smart host', 25);
        const name = tlsCertificateName(ctx);
        const entry = [...tlsTargets.values()].find((t) => t.protocol === 'smtp');
        if (name && entry) entry.expectedCertificateName = name;
      } else targets.notes.push('probes.smtp is on but no SMTP host is known: set probes.smtpHost');
    }
    // Handshakes to hosts that never answered over HTTPS would only wait for the same timeout.
    for (const [key, t] of tlsTargets)
      if (t.protocol === 'https' && dead.has(`${t.host}${t.port === 443 ? '' : `:${t.port}`}`)) {
        tlsTargets.delete(key);
        const f = dead.get(`${t.host}${t.port === 443 ? '' : `:${t.port}`}`)!;
        skippedTls.push({ ...t, fault: { ...f, message: `${f.message} (not asked again)` }, durationMs: 0 });
      }
    const hsOpts: HandshakeOptions = {
      tls: ctx.tls,
      connectTo: config.endpoints.connectTo,
      timeoutMs: config.probes?.timeoutMs ?? 10_000,
      signal: ctx.signal,
      ...(lookup ? { lookup } : {}),
    };
    const tls: TlsProbe[] = await Promise.all(
      [...tlsTargets.values()].map((t) =>
        ctx.limiter.run(() => {
          ctx.countRequest(t.protocol === 'smtp' ? 'smtp starttls' : 'tls handshake');
          return tlsHandshake(t.host, t.port, t.protocol, t.role, hsOpts).then((r) =>
            t.expectedCertificateName ? { ...r, expectedCertificateName: t.expectedCertificateName } : r,
          );
        }),
      ),
    );
    tls.push(...skippedTls);
    stopIfAborted(ctx);

    ctx.put('http.tls', tls);
  },
};

export default collector;

type Run = (url: string, extra?: Partial<ProbeOptions>) => Promise<HttpProbe>;

async function autodV2(
  run: Run,
  endpoint: 'onprem' | 'exo',
  host: string,
  base: string,
  user: string,
  userKind: 'onPremises' | 'cloud',
  maxRedirects: number,
): Promise<AutodV2Probe> {
  const probe = await run(autodV2Url(base, user), { maxRedirects, headers: { accept: 'application/json' } });
  const out: AutodV2Probe = { endpoint, host, user, userKind, followRedirects: maxRedirects > 0, probe };
  if (probe.status === 200 && probe.body) {
    try {
      const json = JSON.parse(probe.body) as { Protocol?: unknown; Url?: unknown };
      out.answer = {
        ...(typeof json.Protocol === 'string' ? { protocol: json.Protocol } : {}),
        ...(typeof json.Url === 'string' ? { url: json.Url } : {}),
      };
    } catch {
      // not JSON: the checks report the body's start
    }
  }
  return out;
}

function smtpHost(ctx: CollectContext, ewsHosts: string[]): { host: string; from: string } | undefined {
  const configured = ctx.config.probes?.smtpHost;
  if (configured) return { host: configured, from: 'probes.smtpHost' };
  // The LDAP source's hybrid configuration, when it has one (shape read defensively).
  const hybrid = ctx.record('ldap.hybridConfiguration');
  if (hybrid?.status === 'ok') {
    const data = hybrid.data as Record<string, unknown> | null;
    const smartHost = data?.onPremisesSmartHost ?? data?.msExchCoexistenceOnPremisesSmartHost;
    if (typeof smartHost === 'string' && smartHost)
      return { host: smartHost, from: 'ldap.hybridConfiguration (msExchCoexistenceOnPremisesSmartHost)' };
  }
  const ews = ewsHosts[0];
  if (ews)
    return {
      host: splitHostPort(ews, 443).host,
      from: 'the EWS host Autodiscover named (no smart host known)',
    };
  return undefined;
}

/** TlsCertificateName of the LDAP source's HybridConfiguration, when it has one (read defensively). */
function tlsCertificateName(ctx: CollectContext): { value: string; from: string } | undefined {
  const hybrid = ctx.record('ldap.hybridConfiguration');
  if (hybrid?.status !== 'ok') return undefined;
  const data = hybrid.data as Record<string, unknown> | null;
  const value = data?.tlsCertificateName;
  return typeof value === 'string' && value
    ? { value, from: 'ldap.hybridConfiguration (msExchCoexistenceSecureMailCertificateThumbprint)' }
    : undefined;
}

function splitHostPort(hostPort: string, defaultPort: number): { host: string; port: number } {
  const m = hostPort.match(/^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/);
  if (!m) return { host: hostPort, port: defaultPort };
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Request counter key: the path without the user or query, so counts group by endpoint. */
function endpointName(u: URL): string {
  const path = u.pathname.replace(/(autodiscover\.json\/v1\.0)\/.*/i, '$1').toLowerCase();
  return path;
}

function stopIfAborted(ctx: CollectContext): void {
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('collection stopped');
}
