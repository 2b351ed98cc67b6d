import type { OpenIdLookup } from '../../evidence/openid.ts';
import type { Collector } from '../types.ts';
import { fetchOpenId, fetchUserRealm, tenantIdFromIssuer } from './client.ts';

const TIMEOUT_MS = 10_000;
const GUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Unauthenticated tenant discovery: the OpenID configuration of the tenant and of each
 * configured mail domain. A name not found globally is also looked up in the US Government,
 * 21Vianet, Bleu and Delos clouds so a national- or sovereign-cloud tenant gets a clear explanation.
 */
const collector: Collector = {
  id: 'openid',
  produces: ['openid.tenants', 'openid.userRealm'],
  notConfigured: (config) =>
    config.tenant || config.domains.length > 0 ? undefined : 'set `tenant` (or `domains`) in the config',
  concurrency: () => 4,
  async collect(ctx) {
    const { config } = ctx;
    const names = [...new Set([config.tenant, ...config.domains].filter((n): n is string => Boolean(n)))];
    const opts = {
      tls: ctx.tls,
      timeoutMs: TIMEOUT_MS,
      signal: ctx.signal,
      connectTo: config.endpoints.connectTo,
    };

    const lookups = await ctx.limiter.map(names, async (name, index): Promise<OpenIdLookup> => {
      ctx.progress(`OpenID metadata for ${name}`);
      ctx.countRequest('openid-configuration');
      const global = await fetchOpenId('global', config.endpoints.login, name, opts);
      const national = [];
      if (global.httpStatus !== undefined && global.httpStatus >= 400 && global.httpStatus < 500) {
        for (const [cloud, login] of [
          ['usgov', config.endpoints.loginUsGov],
          ['china', config.endpoints.loginChina],
          ['bleu', config.endpoints.loginBleu],
          ['delos', config.endpoints.loginDelos],
        ] as const) {
          ctx.countRequest(`openid-configuration (${cloud})`);
          national.push(await fetchOpenId(cloud, login, name, opts));
        }
      }
      const tenantId = tenantIdFromIssuer(global.document);
      return { name, primary: index === 0, global, national, ...(tenantId ? { tenantId } : {}) };
    });

    // getuserrealm for each mail domain (names that are not a tenant GUID): Managed or Federated.
    const realmNames = names.filter((n) => !GUID_NAME.test(n));
    const realms = await ctx.limiter.map(realmNames, async (name) => {
      ctx.progress(`user realm of ${name}`);
      ctx.countRequest('getuserrealm');
      return fetchUserRealm(config.endpoints.login, name, opts);
    });
    if (realms.length > 0 && realms.every((r) => r.fault))
      ctx.fail('openid.userRealm', { message: realms[0]!.fault!, code: 'NETWORK' });
    else ctx.put('openid.userRealm', Object.fromEntries(realms.map((r) => [r.domain, r])));

    if (ctx.signal.aborted) throw ctx.signal.reason;
    const primary = lookups[0];
    if (primary?.global.fault) {
      // Without the tenant's own answer nothing about the tenant can be judged: the source failed.
      ctx.fail('openid.tenants', { message: primary.global.fault, code: 'NETWORK' });
      return;
    }
    ctx.put('openid.tenants', Object.fromEntries(lookups.map((l) => [l.name, l])));
  },
};

export default collector;
