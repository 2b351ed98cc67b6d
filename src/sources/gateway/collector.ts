import type { MxData } from '../../evidence/dns.ts';
import { tlsHandshake } from '../http/handshake.ts';
import { configuredLookup } from '../http/resolve.ts';
import type { Collector } from '../types.ts';

/**
 * With `probes.smtp: true`, connects to each MX host of the MailStore Gateway's domain (from
 * `dns.gateway`) on port 25: banner, EHLO, STARTTLS and a verified TLS handshake, then QUIT. It
 * sends no MAIL FROM / RCPT TO and no message. Reuses the HTTPS-probe source's SMTP handshake.
 */
const collector: Collector = {
  id: 'gateway',
  uses: ['dns'],
  produces: ['gateway.smtp'],
  notConfigured: (config) =>
    !config.mailstore?.gatewayAddress
      ? 'set `mailstore.gatewayAddress`'
      : !config.probes?.smtp
        ? 'set `probes.smtp: true` to probe the Gateway MX over SMTP (port 25)'
        : undefined,
  concurrency: (config) => config.probes?.concurrency ?? 4,
  async collect(ctx) {
    const gateway = ctx.get('dns.gateway');
    if (!gateway) {
      ctx.fail('gateway.smtp', {
        message: 'no DNS answer for the Gateway domain (dns.gateway was not collected)',
        code: 'NO_DNS',
      });
      return;
    }
    const mx = gateway.answers[`${gateway.domain}/MX`];
    const hosts = [
      ...new Set(
        (mx?.records ?? [])
          .filter((r) => r.type === 'MX')
          .sort((a, b) => (a.data as MxData).preference - (b.data as MxData).preference)
          .map((r) => (r.data as MxData).exchange.replace(/\.$/, '').toLowerCase())
          .filter((h) => h !== ''),
      ),
    ];
    const { config } = ctx;
    const lookup = configuredLookup(config.dns?.servers, config.dns?.timeoutMs ?? 3000);
    const probes = await ctx.limiter.map(hosts, (host) => {
      ctx.progress(`SMTP STARTTLS to ${host}`);
      ctx.countRequest('smtp starttls');
      return tlsHandshake(host, 25, 'smtp', ['journal gateway'], {
        tls: ctx.tls,
        connectTo: config.endpoints.connectTo,
        timeoutMs: config.probes?.timeoutMs ?? 10_000,
        signal: ctx.signal,
        ...(lookup ? { lookup } : {}),
      });
    });
    if (ctx.signal.aborted) throw ctx.signal.reason;
    ctx.put('gateway.smtp', { domain: gateway.domain, probes });
  },
};

export default collector;
