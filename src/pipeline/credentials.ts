import type { Snapshot } from '../snapshot/types.ts';

/** Sources that need credentials; the others (OpenID metadata, DNS, HTTPS probes) are anonymous. */
// `exo` reads an administrator-supplied export folder: no sign-in, so it is not listed here.
const CREDENTIAL_SOURCES = ['graph', 'ldap'];

/**
 * When every configured source that needs credentials rejected them, the scan has nothing worth
 * reporting: the contract treats that as a configuration error (exit 2) with the causes.
 * With one source signed in, the other's checks are `error` results instead.
 */
export function credentialFailures(snapshot: Snapshot): string[] | undefined {
  // A tenant that the global login service does not know (a national cloud, a typo) makes every
  // sign-in fail too; the tenant checks explain that better than a bare configuration error.
  const openid = snapshot.artifacts['openid.tenants'];
  if (openid?.status === 'ok') {
    const lookups = Object.values(openid.data as Record<string, { primary?: boolean; tenantId?: string }>);
    if (lookups.some((l) => l.primary && !l.tenantId)) return undefined;
  }
  const configured = CREDENTIAL_SOURCES.filter(
    (id) =>
      snapshot.sources[id] &&
      snapshot.sources[id].status !== 'not-configured' &&
      snapshot.sources[id].status !== 'not-needed',
  );
  if (configured.length === 0) return undefined;
  const messages: string[] = [];
  for (const id of configured) {
    const failure = Object.entries(snapshot.artifacts).find(
      ([key, a]) => key.startsWith(`${id}.`) && a.status === 'error' && a.error.code === 'AUTH_FAILED',
    );
    if (failure?.[1].status !== 'error') return undefined;
    messages.push(`${id}: ${failure[1].error.message}`);
  }
  return messages;
}
