import type { AutodV2Probe, EwsHostProbe, ProbeTargets, TargetOrigin } from '../../evidence/http.ts';
import { SOAP_EMPTY } from './autodiscover.ts';
import type { Run } from './runner.ts';

/** ClickOnce manifest whose assemblyIdentity version is the server's full build (community method). */
export const EXPORT_TOOL = '/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application';

/** One EWS host to probe, keyed by lower-case `host[:port]`. */
interface EwsTarget {
  host: string;
  url: string;
  from: TargetOrigin[];
}

/**
 * The EWS hosts to probe: configured EWS URLs, then those on-prem Autodiscover named for the
 * on-prem sample user; with none, the Autodiscover hosts themselves (Exchange serves EWS on every
 * client-access name), marked as a fallback in the evidence.
 */
export function ewsTargetsOf(targets: ProbeTargets, v2: readonly AutodV2Probe[]): EwsTarget[] {
  const byHost = new Map<string, EwsTarget>();
  const add = (url: string, from: TargetOrigin) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return;
    }
    if (u.protocol !== 'https:') return;
    const host = u.host.toLowerCase();
    const entry = byHost.get(host);
    if (!entry) byHost.set(host, { host, url: u.href, from: [from] });
    else if (!entry.from.includes(from)) entry.from.push(from);
  };
  for (const e of targets.ewsUrls) add(e.url, 'probes.ewsUrls');
  for (const p of v2)
    if (p.endpoint === 'onprem' && p.userKind === 'onPremises' && p.answer?.url)
      add(p.answer.url, 'autodiscover');
  if (byHost.size === 0)
    for (const h of targets.autodiscoverHosts) add(`https://${h.host}/EWS/Exchange.asmx`, 'fallback');
  return [...byHost.values()];
}

/** Phase 2: EWS (anonymous and Bearer), OWA, WS-Security, MRS proxy, and the build fallback. */
export function probeEwsHosts(
  run: Run,
  hosts: readonly EwsTarget[],
  maxRedirects: number,
): Promise<EwsHostProbe[]> {
  return Promise.all(
    hosts.map(async ({ host, url, from }): Promise<EwsHostProbe> => {
      const origin = `https://${host}`;
      const [ews, bearer, owa, wsSecurity, mrsProxy] = await Promise.all([
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
        from: [...from],
        ews,
        bearer,
        owa,
        wsSecurity,
        mrsProxy,
      };
      // No X-OWA-Version anywhere: the eDiscovery export tool manifest names the full build.
      const header = [ews, bearer, owa].some((p) => p.headers['x-owa-version']?.some((v) => v.trim()));
      if (!header && !owa.fault) out.exportTool = await run(`${origin}${EXPORT_TOOL}`);
      return out;
    }),
  );
}
