/**
 * Domains Microsoft owns and runs for a tenant: the initial domain (<tenant>.onmicrosoft.com and
 * its sovereign-cloud forms), the coexistence routing domain (<tenant>.mail.onmicrosoft.com) and
 * 21Vianet's (<tenant>.partner.onmschina.cn). Their DNS is Microsoft's, so they are never a mail
 * domain the customer publishes records for.
 */

const MICROSOFT_OWNED = /(^|\.)(onmicrosoft\.(com|us|de)|partner\.onmschina\.cn)$/i;
const ROUTING = /^[a-z0-9-]+\.mail\.onmicrosoft\.com$/i;
const INITIAL = /^([a-z0-9-]+)\.onmicrosoft\.com$/i;

export function isMicrosoftOwnedDomain(domain: string): boolean {
  return MICROSOFT_OWNED.test(domain.trim().replace(/\.$/, ''));
}

/** <tenant>.mail.onmicrosoft.com: where remote mailboxes route (targetAddress). */
export function isCoexistenceDomain(domain: string): boolean {
  return ROUTING.test(domain.trim());
}

/** The tenant's coexistence (routing) domain: contoso.onmicrosoft.com → contoso.mail.onmicrosoft.com. */
export function coexistenceDomainFor(tenant: string | undefined): string | undefined {
  const m = tenant?.trim().match(INITIAL);
  return m ? `${m[1]!.toLowerCase()}.mail.onmicrosoft.com` : undefined;
}
