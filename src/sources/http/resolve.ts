import type { LookupAddress, LookupOptions } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
export type Lookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/** `dns.servers` entries Node's resolver can use: IPv4[:port] or [IPv6]:port (names are not). */
function usableServer(server: string): boolean {
  const host = server.startsWith('[') ? server.slice(1, server.indexOf(']')) : server.split(':')[0]!;
  return isIP(host) !== 0;
}

/**
 * A `lookup` for sockets that asks the configured `dns.servers` (the resolvers every DNS question
 * of the scan uses) instead of the system resolver. Undefined when no usable server is configured.
 * A name that does not exist comes back as ENOTFOUND; a resolver that fails as EAI_AGAIN, so a
 * DNS server fault is never mistaken for a refused HTTPS connection.
 */
export function configuredLookup(
  servers: readonly string[] | undefined,
  timeoutMs: number,
): Lookup | undefined {
  const usable = (servers ?? []).filter(usableServer);
  if (usable.length === 0) return undefined;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  resolver.setServers(usable);
  return (hostname, options, callback) => {
    const family = isIP(hostname);
    if (family) {
      if (options.all) callback(null, [{ address: hostname, family }]);
      else callback(null, hostname, family);
      return;
    }
    const want = options.family === 4 || options.family === 6 ? [options.family] : [4, 6];
    Promise.allSettled(
      want.map((f) => (f === 4 ? resolver.resolve4(hostname) : resolver.resolve6(hostname))),
    ).then((results) => {
      const found: LookupAddress[] = [];
      results.forEach((r, i) => {
        if (r.status === 'fulfilled')
          for (const address of r.value) found.push({ address, family: want[i]! });
      });
      if (found.length > 0) {
        if (options.all) callback(null, found);
        else callback(null, found[0]!.address, found[0]!.family);
        return;
      }
      const codes = results.map((r) =>
        r.status === 'rejected' ? String((r.reason as { code?: unknown }).code) : 'ENODATA',
      );
      const missing = codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA');
      const err = Object.assign(
        new Error(
          missing
            ? `${hostname} has no address at ${usable.join(', ')}`
            : `DNS servers ${usable.join(', ')} gave no answer for ${hostname} (${[...new Set(codes)].join(', ')})`,
        ),
        { code: missing ? 'ENOTFOUND' : 'EAI_AGAIN', hostname },
      );
      callback(err, '');
    });
  };
}
