import { defineCheck } from '../../src/engine/define-check.ts';
import { appRef } from './app-profile.ts';

const SIGNIN = /^https:\/\/[^/]+\/oidc\/signin$/i;
const DEFAULT_PORT = 8462;

export default defineCheck({
  id: 'app.redirect-uris',
  area: 'app',
  severity: 'warn',
  targetKind: 'app',
  title: 'The MailStore sign-in redirect URI is registered',
  failureTitle: 'The MailStore sign-in redirect URI is missing',
  description:
    'Users log in to MailStore with their Microsoft 365 account through the redirect URI https://<mailstore-fqdn>[:<port>]/oidc/signin (port 8462 by default). Without it the sign-in ends with an AADSTS50011 redirect mismatch.',
  remediation: {
    text: 'Add https://<MailStore FQDN>:8462/oidc/signin (your Web Access port) as a Web redirect URI. The name must resolve and its certificate must be trusted.',
    portal: 'Entra admin center > App registrations > <app> > Authentication > Add a platform > Web',
  },
  docs: ['https://help.mailstore.com/en/server/Setup_Active_Directory_Federation_Services'],
  dependsOn: ['app.registration-exists'],
  requires: ['graph.archiveApp'],
  confidence: 'confirmed',
  run({ artifacts, settings }) {
    const app = artifacts['graph.archiveApp'];
    const target = appRef(app);
    if (!app.application)
      return [{ target, status: 'warn', message: 'No application object (see app.registration-exists)' }];
    const web = app.application.web?.redirectUris ?? [];
    const pub = app.application.publicClient?.redirectUris ?? [];
    const evidence: Record<string, unknown> = { web, publicClient: pub };
    const serverUrl = settings.mailstore?.serverUrl;
    if (serverUrl) {
      const u = new URL(serverUrl);
      const expected = `https://${u.hostname.toLowerCase()}:${u.port || DEFAULT_PORT}/oidc/signin`;
      evidence.expected = expected;
      const norm = (s: string) => {
        try {
          const x = new URL(s);
          return `${x.protocol}//${x.hostname.toLowerCase()}:${x.port || (x.protocol === 'https:' ? '443' : '80')}${x.pathname}`;
        } catch {
          return s;
        }
      };
      const want = norm(expected);
      if (web.some((w) => norm(w) === want))
        return [{ target, status: 'pass', message: `Redirect URI ${expected} registered`, evidence }];
      if (pub.some((w) => norm(w) === want))
        return [
          {
            target,
            status: 'warn',
            message: `${expected} is registered under "Mobile and desktop" (publicClient), not "Web"`,
            evidence,
          },
        ];
      return [
        {
          target,
          status: 'warn',
          message: `Redirect URI ${expected} (from mailstore.serverUrl) is not registered`,
          evidence,
        },
      ];
    }
    const hit = web.filter((w) => SIGNIN.test(w));
    if (hit.length > 0)
      return [
        {
          target,
          status: 'pass',
          message: `MailStore sign-in redirect URI registered: ${hit.join(', ')} (set mailstore.serverUrl to check the exact host and port)`,
          evidence,
        },
      ];
    const insecure = [...web, ...pub].filter((w) => /^http:\/\/.*\/oidc\/signin$/i.test(w));
    if (insecure.length > 0)
      return [
        { target, status: 'warn', message: `Only plain-HTTP sign-in URIs: ${insecure.join(', ')}`, evidence },
      ];
    return [
      {
        target,
        status: 'warn',
        message:
          'No https://<fqdn>[:port]/oidc/signin redirect URI: Microsoft 365 login to MailStore will fail',
        evidence,
      },
    ];
  },
});
