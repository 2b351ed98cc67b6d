import type { AutodiscoverSvcProbe, AutodV2Probe, PoxProbe, ProbeTargets } from '../../evidence/http.ts';
import { hostOf, type Run } from './runner.ts';

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

export const SOAP_EMPTY =
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body/></soap:Envelope>';

/** The URL shape CSS-Exchange's Get-ProtocolEndpointViaAutoDv2 uses ('@' stays literal in the path). */
export function autodV2Url(base: string, user: string): string {
  return `${base}/autodiscover/autodiscover.json/v1.0/${encodeURIComponent(user).replace(/%40/g, '@')}?Protocol=EWS`;
}

interface AutodiscoverAnswers {
  v2: AutodV2Probe[];
  pox: PoxProbe[];
  svc: AutodiscoverSvcProbe[];
}

/** Phase 1: Autodiscover v2 JSON for the sample users (on-prem hosts and EXO), POX, autodiscover.svc. */
export async function probeAutodiscover(
  run: Run,
  targets: ProbeTargets,
  maxRedirects: number,
): Promise<AutodiscoverAnswers> {
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
  const exoHost = hostOf(targets.exoAutodiscover);
  if (cloud)
    v2Jobs.push(autodV2(run, 'exo', exoHost, targets.exoAutodiscover, cloud.address, 'cloud', maxRedirects));
  // EXO's answer for an on-prem user is the redirect itself: not followed.
  if (onPremises)
    v2Jobs.push(autodV2(run, 'exo', exoHost, targets.exoAutodiscover, onPremises.address, 'onPremises', 0));
  const poxUser =
    onPremises?.address ?? cloud?.address ?? `probe@${targets.domains[0]?.name ?? 'example.com'}`;
  const poxJobs = targets.autodiscoverHosts.map(
    async ({ host }): Promise<PoxProbe> => ({
      host,
      probe: await run(`https://${host}/autodiscover/autodiscover.xml`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: poxBody(poxUser),
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
  const [v2, pox, svc] = await Promise.all([Promise.all(v2Jobs), Promise.all(poxJobs), Promise.all(svcJobs)]);
  return { v2, pox, svc };
}

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
