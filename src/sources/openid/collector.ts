import type { Collector } from '../types.ts';
import { fetchOpenId, tenantIdFromIssuer } from './client.ts';
import type { OpenIdLookup } from './types.ts';
import './types.ts';

const TIMEOUT_MS = 10_000;

/**
 * Unauthenticated tenant discovery: the OpenID configuration of the tenant and of each
 * configured mail domain. A name not found globally is also looked up in the US Government and
 * 21Vianet clouds so a national-cloud tenant gets a clear explanation.
 */
const collector: Collector = {
  id: 'openid',
  stage: 1,
  produces: ['openid.tenants'],
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
        ] as const) {
          ctx.countRequest(`openid-configuration (${cloud})`);
          national.push(await fetchOpenId(cloud, login, name, opts));
        }
      }
      const tenantId = tenantIdFromIssuer(global.document);
      return { name, primary: index === 0, global, national, ...(tenantId ? { tenantId } : {}) };
    });

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
