import type { HttpProbe, ProbeFault } from '../../evidence/http.ts';
import type { CollectContext } from '../types.ts';
import { type ProbeOptions, probeHttps } from './probe.ts';

export type Run = (url: string, extra?: Partial<ProbeOptions>) => Promise<HttpProbe>;

/** Hosts that did not answer at all, by `host[:port]`, with the fault they gave. */
export type DeadHosts = ReadonlyMap<string, ProbeFault>;

/**
 * The bounded HTTPS prober every phase shares. A host that did not answer at all (timeout,
 * refused, no DNS) is not asked again: its later probes get the same fault at once, so one dead
 * host costs one timeout, not one per path.
 */
export function createRunner(ctx: CollectContext, base: ProbeOptions): { run: Run; dead: DeadHosts } {
  const dead = new Map<string, ProbeFault>();
  const run: Run = (url, extra = {}) =>
    ctx.limiter.run(async () => {
      const host = hostOf(url);
      const known = dead.get(host);
      if (known) {
        const method = extra.method ?? 'GET';
        const fault = { ...known, message: `${known.message} (not asked again)` };
        return { method, url, finalUrl: url, headers: {}, redirects: [], fault, durationMs: 0 };
      }
      const probe = await probeHttps(url, { ...base, ...extra });
      const f = probe.fault;
      if (f && probe.redirects.length === 0 && ['timeout', 'refused', 'dns'].includes(f.kind))
        dead.set(host, f);
      return probe;
    });
  return { run, dead };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function splitHostPort(hostPort: string, defaultPort: number): { host: string; port: number } {
  const m = hostPort.match(/^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/);
  if (!m) return { host: hostPort, port: defaultPort };
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort };
}
