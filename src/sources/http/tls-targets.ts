import type { TlsProbe } from '../../evidence/http.ts';
import type { CollectContext } from '../types.ts';
import type { HandshakeOptions } from './handshake.ts';
import { tlsHandshake } from './handshake.ts';
import { type DeadHosts, splitHostPort } from './runner.ts';

interface TlsTarget {
  host: string;
  port: number;
  protocol: 'https' | 'smtp';
  role: string[];
  expectedCertificateName?: { value: string; from: string };
}

interface SmtpHost {
  host: string;
  from: string;
}

/** Every HTTPS name probed (Autodiscover and EWS hosts) and the SMTP smart host when there is one. */
export function tlsTargetsOf(
  autodiscoverHosts: readonly string[],
  ewsHosts: readonly string[],
  smtp: { host: SmtpHost; expectedCertificateName?: { value: string; from: string } } | undefined,
): TlsTarget[] {
  const byKey = new Map<string, TlsTarget>();
  const add = (hostPort: string, protocol: 'https' | 'smtp', role: string, defaultPort: number) => {
    const { host, port } = splitHostPort(hostPort, defaultPort);
    const key = `${protocol}:${host}:${port}`;
    const entry = byKey.get(key);
    if (!entry) byKey.set(key, { host, port, protocol, role: [role] });
    else if (!entry.role.includes(role)) entry.role.push(role);
  };
  for (const h of autodiscoverHosts) add(h, 'https', 'autodiscover', 443);
  for (const h of ewsHosts) add(h, 'https', 'ews', 443);
  if (smtp) {
    add(smtp.host.host, 'smtp', 'smtp smart host', 25);
    const entry = [...byKey.values()].find((t) => t.protocol === 'smtp');
    if (smtp.expectedCertificateName && entry) entry.expectedCertificateName = smtp.expectedCertificateName;
  }
  return [...byKey.values()];
}

/**
 * Phase 3: TLS handshakes. HTTPS names that never answered are not dialled again (they would only
 * wait for the same timeout): they get the earlier fault, listed after the answered ones.
 */
export async function probeTls(
  ctx: CollectContext,
  targets: readonly TlsTarget[],
  dead: DeadHosts,
  opts: HandshakeOptions,
): Promise<TlsProbe[]> {
  const deadFault = (t: TlsTarget) =>
    t.protocol === 'https' ? dead.get(`${t.host}${t.port === 443 ? '' : `:${t.port}`}`) : undefined;
  const live = targets.filter((t) => !deadFault(t));
  const skipped: TlsProbe[] = targets.flatMap((t) => {
    const f = deadFault(t);
    return f ? [{ ...t, fault: { ...f, message: `${f.message} (not asked again)` }, durationMs: 0 }] : [];
  });
  const answered = await Promise.all(
    live.map((t) =>
      ctx.limiter.run(() => {
        ctx.countRequest(t.protocol === 'smtp' ? 'smtp starttls' : 'tls handshake');
        return tlsHandshake(t.host, t.port, t.protocol, t.role, opts).then((r) =>
          t.expectedCertificateName ? { ...r, expectedCertificateName: t.expectedCertificateName } : r,
        );
      }),
    ),
  );
  return [...answered, ...skipped];
}

/** The SMTP smart host: probes.smtpHost, else the AD hybrid configuration's, else the first EWS host. */
export function smtpHostOf(ctx: CollectContext, ewsHosts: readonly string[]): SmtpHost | undefined {
  const configured = ctx.config.probes?.smtpHost;
  if (configured) return { host: configured, from: 'probes.smtpHost' };
  // The LDAP source's hybrid configuration, when it has one (shape read defensively).
  const data = hybridConfiguration(ctx);
  const smartHost = data?.onPremisesSmartHost ?? data?.msExchCoexistenceOnPremisesSmartHost;
  if (typeof smartHost === 'string' && smartHost)
    return { host: smartHost, from: 'ldap.hybridConfiguration (msExchCoexistenceOnPremisesSmartHost)' };
  const ews = ewsHosts[0];
  if (ews)
    return {
      host: splitHostPort(ews, 443).host,
      from: 'the EWS host Autodiscover named (no smart host known)',
    };
  return undefined;
}

/** TlsCertificateName of the LDAP source's HybridConfiguration, when it has one (read defensively). */
export function tlsCertificateNameOf(ctx: CollectContext): { value: string; from: string } | undefined {
  const value = hybridConfiguration(ctx)?.tlsCertificateName;
  return typeof value === 'string' && value
    ? { value, from: 'ldap.hybridConfiguration (msExchCoexistenceSecureMailCertificateThumbprint)' }
    : undefined;
}

function hybridConfiguration(ctx: CollectContext): Record<string, unknown> | null | undefined {
  const hybrid = ctx.record('ldap.hybridConfiguration');
  return hybrid?.status === 'ok' ? (hybrid.data as Record<string, unknown> | null) : undefined;
}
