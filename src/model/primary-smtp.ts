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

export function smtpAddresses(proxyAddresses: readonly string[] | undefined | null): SmtpAddresses {
  let primary: string | undefined;
  const all: string[] = [];
  for (const p of proxyAddresses ?? []) {
    if (p.length < 6 || p.slice(0, 5).toLowerCase() !== 'smtp:') continue;
    const addr = p.slice(5).trim().toLowerCase();
    if (!addr) continue;
    if (p.startsWith('SMTP:')) primary ??= addr;
    all.push(addr);
  }
  return { ...(primary ? { primary } : {}), all };
}

/** The primary SMTP address, lower-cased: the `SMTP:` proxy address, else `mail`. */
export function primarySmtpOf(recipient: {
  proxyAddresses?: readonly string[] | null;
  mail?: string | null;
}): string | undefined {
  const fromProxies = smtpAddresses(recipient.proxyAddresses).primary;
  const mail = recipient.mail?.trim().toLowerCase();
  return fromProxies ?? (mail ? mail : undefined);
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
