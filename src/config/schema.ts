import { z } from 'zod';
import { isCalendarDate } from './dates.ts';
import { LIMITS } from './limits.ts';
import { dnsSection } from './sections/dns.ts';
import { exchangeOnlineSection } from './sections/exchange-online.ts';
import { graphSection } from './sections/graph.ts';
import { ldapSection } from './sections/ldap.ts';
import { probesSection } from './sections/probes.ts';

const severitySetting = z.enum(['off', 'info', 'warn', 'fail']);
const isoDate = z.string().refine(isCalendarDate, 'expected a real calendar date as YYYY-MM-DD');
const httpsUrl = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

export const configSchema = z.strictObject({
  /** Tenant as a verified domain (contoso.onmicrosoft.com) or its GUID. */
  tenant: z.string().min(1).optional(),
  domains: z.array(z.string().min(1)).max(LIMITS.domains).default([]),
  graph: graphSection.optional(),
  ldap: ldapSection.optional(),
  dns: dnsSection.optional(),
  mailstore: z
    .strictObject({
      appId: z.string().min(1).optional(),
      gatewayAddress: z.email().optional(),
      serverUrl: httpsUrl.optional(),
    })
    .optional(),
  probes: probesSection.optional(),
  exchangeOnline: exchangeOnlineSection.optional(),
  endpoints: z
    .strictObject({
      login: httpsUrl.default('https://login.microsoftonline.com'),
      /** Where US Government and 21Vianet tenants are looked up to explain a national cloud. */
      loginUsGov: httpsUrl.default('https://login.microsoftonline.us'),
      loginChina: httpsUrl.default('https://login.partner.microsoftonline.cn'),
      /** Sovereign clouds: Bleu (France) and Delos (Germany), as MSAL's known authority hosts list them. */
      loginBleu: httpsUrl.default('https://login.sovcloud-identity.fr'),
      loginDelos: httpsUrl.default('https://login.sovcloud-identity.de'),
      graph: httpsUrl.default('https://graph.microsoft.com'),
      exoAutodiscover: httpsUrl.default('https://outlook.office365.com'),
      /**
       * Where Exchange Online's Admin API is reached: a NETWORK ADDRESS only. The token is always
       * requested for https://outlook.office365.com (global cloud), whatever this says.
       */
      exchangeOnline: httpsUrl.default('https://outlook.office365.com'),
      caFile: z.string().min(1).optional(),
      connectTo: z
        .array(
          z.string().regex(/^[^:]*:\d*:[^:]*:\d*$/, 'expected HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT'),
        )
        .max(LIMITS.connectTo)
        .default([]),
    })
    .prefault({}),
  checks: z
    .record(
      z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, 'expected a check id such as dns.dmarc'),
      z.union([
        severitySetting,
        z.strictObject({
          severity: severitySetting.optional(),
          options: z.record(z.string(), z.unknown()).optional(),
        }),
      ]),
    )
    .refine((checks) => Object.keys(checks).length <= LIMITS.checks, {
      error: `too many entries: at most ${LIMITS.checks} allowed`,
    })
    .default({}),
  exceptions: z
    .array(
      z.strictObject({
        check: z.string().min(1),
        target: z.string().min(1).optional(),
        /** Narrows `target` to one kind of object (domain, user, app...); see engine/types.ts TargetKind. */
        kind: z
          .enum([
            'domain',
            'user',
            'mailbox',
            'server',
            'host',
            'url',
            'app',
            'credential',
            'connector',
            'rule',
            'record',
            'tenant',
            'organization',
            'object',
            'check-wide',
          ])
          .optional(),
        reason: z.string().min(1),
        expires: isoDate.optional(),
      }),
    )
    .max(LIMITS.exceptions)
    .default([]),
  plugins: z.array(z.string().min(1)).max(LIMITS.plugins).default([]),
});

export type Config = z.output<typeof configSchema>;
export { SECRET_KEYS } from './secrets.ts';
