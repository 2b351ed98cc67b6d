import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExchangeSimData } from './data.ts';

const EXO_APP = '00000002-0000-0ff1-ce00-000000000000';
const ACS_PRINCIPAL = '00000001-0000-0000-c000-000000000000';

type OnPrem = NonNullable<ExchangeSimData['onPremises']>;
type Exo = NonNullable<ExchangeSimData['exchangeOnline']>;

function lower(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((s) => s.toLowerCase());
}

function autodV2User(url: URL): string | undefined {
  const m = url.pathname.match(/^\/autodiscover\/autodiscover\.json\/v1\.0\/([^/]+)$/i);
  if (m) return decodeURIComponent(m[1]!).toLowerCase();
  if (/^\/autodiscover\/autodiscover\.json$/i.test(url.pathname))
    return url.searchParams.get('Email')?.toLowerCase() ?? undefined;
  return undefined;
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('data', () => {});
    req.on('end', resolve);
    req.on('error', () => resolve());
  });
}

/** On-prem Exchange front end: Autodiscover v2/POX/svc, EWS, OWA and the hybrid endpoints. */
export function onPremHandler(data: OnPrem) {
  const requestId = () => crypto.randomUUID();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await drain(req);
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', `https://${host || 'localhost'}`);
    const path = url.pathname.toLowerCase();
    const owaVersion: Record<string, string> =
      data.owaVersionHeader === false || !data.build ? {} : { 'x-owa-version': data.build };
    const exchange: Record<string, string> = {
      'x-feserver': data.server ?? 'EX01',
      'request-id': requestId(),
      server: 'Microsoft-IIS/10.0',
      'x-powered-by': 'ASP.NET',
    };
    const challenges = (withBearer: boolean): string[] => {
      const out = ['Negotiate', 'NTLM', `Basic realm="${host}"`];
      const hma = data.hma ?? 'on';
      if (!withBearer || hma === 'none') return out;
      const params = [
        `client_id="${EXO_APP}"`,
        `trusted_issuers="${ACS_PRINCIPAL}@${data.tenantId ?? '00000000-0000-0000-0000-000000000000'}"`,
        'token_types="app_asserted_user_v1 service_asserted_app_v1"',
        ...(hma === 'on' ? ['authorization_uri="https://login.windows.net/common/oauth2/authorize"'] : []),
      ];
      return [`Bearer ${params.join(', ')}`, ...out];
    };
    const unauthorized = (withBearer: boolean, extra: Record<string, string> = {}) => {
      res.writeHead(401, [
        ...Object.entries({ ...exchange, ...extra }),
        ...challenges(withBearer).map((c) => ['WWW-Authenticate', c] as [string, string]),
        ...((data.hma ?? 'on') === 'off' && withBearer
          ? [
              [
                'x-ms-diagnostics',
                `4000000;reason="Flighting is not enabled for domain '${host}'.";error_category="oauth_not_available"`,
              ] as [string, string],
            ]
          : []),
      ]);
      res.end();
    };

    if (path.startsWith('/autodiscover/autodiscover.json')) {
      const user = autodV2User(url);
      if (data.autodiscover === 'redirect-loop') {
        const others = data.hosts.filter((h) => h.toLowerCase() !== host);
        const next = others[0] ?? host;
        res.writeHead(302, { ...exchange, location: `https://${next}${url.pathname}${url.search}` });
        return void res.end();
      }
      if (url.searchParams.get('Protocol')?.toLowerCase() !== 'ews' || !user) {
        res.writeHead(400, { ...exchange, 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({ ErrorCode: 'InvalidRequest', ErrorMessage: 'Protocol or user missing' }),
        );
      }
      if (lower(data.mailboxes).includes(user)) {
        res.writeHead(200, { ...exchange, 'content-type': 'application/json; charset=utf-8' });
        return void res.end(JSON.stringify({ Protocol: 'EWS', Url: data.ewsUrl }));
      }
      if (lower(data.remoteMailboxes).includes(user) && data.remoteRedirect) {
        const location = `${data.remoteRedirect.replace(/\/+$/, '')}/autodiscover/autodiscover.json/v1.0/${encodeURIComponent(user)}?Protocol=EWS&RedirectCount=1`;
        res.writeHead(302, { ...exchange, location });
        return void res.end();
      }
      res.writeHead(404, { ...exchange, 'content-type': 'application/json' });
      return void res.end(
        JSON.stringify({ ErrorCode: 'UserNotFound', ErrorMessage: 'The given user is not found' }),
      );
    }
    if (path === '/autodiscover/autodiscover.xml') {
      if (req.method !== 'POST') {
        res.writeHead(405, exchange);
        return void res.end();
      }
      return unauthorized(true);
    }
    if (path.startsWith('/autodiscover/autodiscover.svc')) {
      res.writeHead(400, { ...exchange, 'content-type': 'text/html' });
      return void res.end('Bad Request: the message is not signed');
    }
    if (path.startsWith('/ews/')) {
      if (data.ews === false) {
        res.writeHead(404, { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html' });
        return void res.end('<html><body><h1>404 - File or directory not found.</h1></body></html>');
      }
      if (path === '/ews/exchange.asmx/wssecurity') {
        res.writeHead(400, { ...exchange, 'content-type': 'text/html' });
        return void res.end('Bad Request: the message is not signed');
      }
      if (path === '/ews/mrsproxy.svc') {
        if (data.mrsProxy === false) {
          res.writeHead(404, { server: 'Microsoft-IIS/10.0' });
          return void res.end();
        }
        return unauthorized(false);
      }
      if (path === '/ews/exchange.asmx' || path === '/ews/services.wsdl') {
        const bearer = /^Bearer\b/i.test(req.headers.authorization ?? '');
        return unauthorized(true, bearer ? owaVersion : {});
      }
      res.writeHead(404, exchange);
      return void res.end();
    }
    if (path === '/ecp/current/exporttool/microsoft.exchange.ediscovery.exporttool.application') {
      res.writeHead(200, { ...exchange, 'content-type': 'application/x-ms-application' });
      return void res.end(
        `<?xml version="1.0" encoding="utf-8"?><asmv1:assembly xmlns:asmv1="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0"><assemblyIdentity name="microsoft.exchange.ediscovery.exporttool.application" version="${data.build ?? '0.0.0.0'}" publicKeyToken="b03f5f7f11d50a3a" language="neutral" processorArchitecture="msil" xmlns="urn:schemas-microsoft-com:asm.v1" /></asmv1:assembly>`,
      );
    }
    if (path === '/owa' || path === '/owa/') {
      res.writeHead(302, {
        ...exchange,
        ...owaVersion,
        location: `https://${host}/owa/auth/logon.aspx?url=https%3a%2f%2f${host}%2fowa%2f&reason=0`,
      });
      return void res.end();
    }
    if (path === '/owa/auth/logon.aspx') {
      const cu = (data.build ?? '').split('.').slice(0, 3).join('.');
      res.writeHead(200, {
        ...exchange,
        ...owaVersion,
        'content-type': 'text/html; charset=utf-8',
      });
      return void res.end(
        `<!DOCTYPE html><html><head><title>Outlook</title><link rel="stylesheet" href="/owa/auth/${cu}/themes/resources/logon.css"></head><body>Outlook</body></html>`,
      );
    }
    res.writeHead(404, { server: 'Microsoft-IIS/10.0' });
    res.end();
  };
}

/** Exchange Online Autodiscover v2: EXO EWS for cloud mailboxes, 302 to on-prem for mail users. */
export function exoHandler(data: Exo) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await drain(req);
    const url = new URL(req.url ?? '/', 'https://outlook.office365.com');
    const headers = {
      'request-id': crypto.randomUUID(),
      'x-feserver': 'AM0PR01CA0001',
      server: 'Microsoft-IIS/10.0',
    };
    const user = autodV2User(url);
    if (!user) {
      res.writeHead(404, headers);
      return void res.end();
    }
    if (lower(data.mailboxes).includes(user)) {
      res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      return void res.end(
        JSON.stringify({ Protocol: 'EWS', Url: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
      );
    }
    const onPrem = Object.entries(data.mailUsers ?? {}).find(([k]) => k.toLowerCase() === user)?.[1];
    if (onPrem) {
      res.writeHead(302, {
        ...headers,
        location: `https://${onPrem}/autodiscover/autodiscover.json/v1.0/${encodeURIComponent(user)}?Protocol=EWS&RedirectCount=1`,
      });
      return void res.end();
    }
    res.writeHead(404, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify({ ErrorCode: 'UserNotFound', ErrorMessage: 'The given user is not found' }));
  };
}
