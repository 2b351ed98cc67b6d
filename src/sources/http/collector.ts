import type { ProbeTargets } from '../../evidence/http.ts';
import type { CollectContext, Collector } from '../types.ts';
import { probeAutodiscover } from './autodiscover.ts';
import { ewsTargetsOf, probeEwsHosts } from './ews.ts';
import type { HandshakeOptions } from './handshake.ts';
import type { ProbeOptions } from './probe.ts';
import { configuredLookup } from './resolve.ts';
import { createRunner } from './runner.ts';
import { buildTargets } from './targets.ts';
import { probeTls, smtpHostOf, tlsCertificateNameOf, tlsTargetsOf } from './tls-targets.ts';

export { autodV2Url } from './autodiscover.ts';
export { EXPORT_TOOL } from './ews.ts';

/**
 * Autodiscover, EWS and TLS probes over HTTPS (and SMTP STARTTLS with `probes.smtp`). Runs after
 * DNS so SRV records, and after LDAP/Graph so SCPs and sample users, are used when those sources
 * ran; with none of them it works from `domains` and `probes.*` alone.
 *
 * Each phase is a function returning its data; every artifact is put once, as soon as it is
 * complete, so a deadline later on keeps what was already answered.
 */
const collector: Collector = {
  id: 'http',
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
  collect: collectHttp,
};

export default collector;

async function collectHttp(ctx: CollectContext): Promise<void> {
  const { config } = ctx;
  const initial = buildTargets(config, ctx.get);
  // Host names resolve through dns.servers when configured, like every DNS question of the scan.
  const lookup = configuredLookup(config.dns?.servers, config.dns?.timeoutMs ?? 3000);
  const timeoutMs = config.probes?.timeoutMs ?? 10_000;
  const probeOpts: ProbeOptions = {
    tls: ctx.tls,
    connectTo: config.endpoints.connectTo,
    timeoutMs,
    signal: ctx.signal,
    onRequest: (u) => ctx.countRequest(endpointName(u)),
    ...(lookup ? { lookup } : {}),
  };
  const { run, dead } = createRunner(ctx, probeOpts);
  const maxRedirects = config.probes?.maxRedirects ?? 3;

  ctx.progress(`Autodiscover on ${initial.autodiscoverHosts.length} host(s)`);
  const { v2, pox, svc } = await probeAutodiscover(run, initial, maxRedirects);
  stopIfAborted(ctx);
  const ewsHosts = ewsTargetsOf(initial, v2);
  const smtp = config.probes?.smtp
    ? smtpHostOf(
        ctx,
        ewsHosts.filter((e) => e.from.includes('autodiscover')).map((e) => e.host),
      )
    : undefined;
  const targets = completeTargets(initial, ewsHosts, smtp, Boolean(config.probes?.smtp));
  ctx.put('http.targets', targets);
  ctx.put('http.autodv2', v2);
  ctx.put('http.pox', pox);
  ctx.put('http.autodiscoverSvc', svc);

  ctx.progress(`EWS and OWA on ${ewsHosts.length} host(s)`);
  const ews = await probeEwsHosts(run, ewsHosts, maxRedirects);
  stopIfAborted(ctx);
  ctx.put('http.ews', ews);

  const tlsTargets = tlsTargetsOf(
    initial.autodiscoverHosts.map((h) => h.host),
    ewsHosts.map((e) => e.host),
    smtp ? { host: smtp, ...withCertificateName(tlsCertificateNameOf(ctx)) } : undefined,
  );
  const hsOpts: HandshakeOptions = {
    tls: ctx.tls,
    connectTo: config.endpoints.connectTo,
    timeoutMs,
    signal: ctx.signal,
    ...(lookup ? { lookup } : {}),
  };
  const tls = await probeTls(ctx, tlsTargets, dead, hsOpts);
  stopIfAborted(ctx);
  ctx.put('http.tls', tls);
}

/** The targets as finally probed: the EWS hosts Autodiscover named and the SMTP host, as a new object. */
function completeTargets(
  initial: ProbeTargets,
  ewsHosts: readonly { url: string; from: readonly ProbeTargets['ewsUrls'][number]['from'][number][] }[],
  smtp: ProbeTargets['smtpHost'],
  smtpWanted: boolean,
): ProbeTargets {
  const notes =
    smtpWanted && !smtp
      ? [...initial.notes, 'probes.smtp is on but no SMTP host is known: set probes.smtpHost']
      : initial.notes;
  return {
    ...initial,
    ewsUrls: ewsHosts.map((e) => ({ url: e.url, from: [...e.from] })),
    notes,
    ...(smtp ? { smtpHost: smtp } : {}),
  };
}

function withCertificateName(name: { value: string; from: string } | undefined) {
  return name ? { expectedCertificateName: name } : {};
}

/** Request counter key: the path without the user or query, so counts group by endpoint. */
function endpointName(u: URL): string {
  return u.pathname.replace(/(autodiscover\.json\/v1\.0)\/.*/i, '$1').toLowerCase();
}

function stopIfAborted(ctx: CollectContext): void {
  if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('collection stopped');
}
