/**
 * Addresses of a recipient from proxyAddresses: `SMTP:` (upper case) marks the primary address,
 * `smtp:` a secondary one (Exchange's EmailAddresses convention); other prefixes (X500:, SIP:)
 * are not mail addresses. When no primary is stamped, the `mail` attribute is the reply address.
 */

interface SmtpAddresses {
  primary?: string;
  /** Every SMTP address, lower-cased, in proxyAddresses order. */
  all: string[];
}

/** Whether a proxy address starts with `smtp:` in any case, without allocating (called per address per user). */
function isSmtpProxy(p: string): boolean {
  return (
    p.length >= 6 &&
    (p.charCodeAt(0) | 32) === 115 && // s
    (p.charCodeAt(1) | 32) === 109 && // m
    (p.charCodeAt(2) | 32) === 116 && // t
    (p.charCodeAt(3) | 32) === 112 && // p
    p.charCodeAt(4) === 58 // :
  );
}

/** The address of an `smtp:` proxy address, trimmed and lower-cased. */
function addressOf(p: string): string {
  return p.slice(5).trim().toLowerCase();
}

export function smtpAddresses(proxyAddresses: readonly string[] | undefined | null): SmtpAddresses {
  let primary: string | undefined;
  const all: string[] = [];
  if (proxyAddresses)
    for (const p of proxyAddresses) {
      if (!isSmtpProxy(p)) continue;
      const addr = addressOf(p);
      if (!addr) continue;
      if (primary === undefined && p.startsWith('SMTP:')) primary = addr;
      all.push(addr);
    }
  return primary === undefined ? { all } : { primary, all };
}

/** Whether an SMTP proxy address is this lower-case address: smtpAddresses(…).all.includes(), without the list. */
export function carriesSmtpAddress(
  proxyAddresses: readonly string[] | undefined | null,
  address: string,
): boolean {
  if (!address || !proxyAddresses) return false;
  for (const p of proxyAddresses)
    if (p.length - 5 >= address.length && isSmtpProxy(p) && addressOf(p) === address) return true;
  return false;
}

/** The first `SMTP:` (upper case) address, lower-cased, as smtpAddresses(…).primary, without the list. */
function primaryProxy(proxyAddresses: readonly string[] | undefined | null): string | undefined {
  if (proxyAddresses)
    for (const p of proxyAddresses) {
      if (!p.startsWith('SMTP:') || p.length < 6) continue;
      const addr = addressOf(p);
      if (addr) return addr;
    }
  return undefined;
}

/** The primary SMTP address, lower-cased: the `SMTP:` proxy address, else `mail`. */
export function primarySmtpOf(recipient: {
  proxyAddresses?: readonly string[] | null;
  mail?: string | null;
}): string | undefined {
  const fromProxies = primaryProxy(recipient.proxyAddresses);
  if (fromProxies !== undefined) return fromProxies;
  const mail = recipient.mail?.trim().toLowerCase();
  return mail ? mail : undefined;
}

/** `user@Contoso.com` → `contoso.com`; undefined without an @. */
export function domainOfAddress(address: string | undefined | null): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  return at >= 0
    ? address!
        .slice(at + 1)
        .trim()
        .toLowerCase() || undefined
    : undefined;
}
