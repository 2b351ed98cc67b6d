/**
 * Helpers shared by the Autodiscover/EWS/TLS checks (no default export: not a check).
 */
import type { FindingStatus } from '../../src/engine/types.ts';
import type { CertInfo, HttpProbe, ProbeFault, TlsProbe } from '../../src/evidence/http.ts';

/** The evidence of one probe a person needs to repeat it by hand (curl -v). */
export function probeEvidence(p: HttpProbe): Record<string, unknown> {
  return {
    request: `${p.method} ${p.url}`,
    ...(p.finalUrl !== p.url ? { finalUrl: p.finalUrl } : {}),
    ...(p.status !== undefined ? { httpStatus: p.status } : {}),
    ...(p.redirects.length > 0 ? { redirects: p.redirects } : {}),
    ...(Object.keys(p.headers).length > 0 ? { headers: p.headers } : {}),
    ...(p.fault ? { fault: p.fault } : {}),
    ...(p.fault?.kind === 'tls' && p.certificate
      ? { presentedCertificate: certEvidence(p.certificate) }
      : {}),
    durationMs: p.durationMs,
  };
}

export function certEvidence(c: CertInfo): Record<string, unknown> {
  return {
    subject: c.subject,
    issuer: c.issuer,
    sans: c.sans,
    validFrom: c.validFrom,
    validTo: c.validTo,
    fingerprint256: c.fingerprint256,
    ...(c.trustedBy ? { trustedBy: c.trustedBy } : {}),
  };
}

/**
 * What a fault means for a finding: a certificate or redirect fault is a definite answer about
 * the server (`definite`, usually fail); a timeout, reset, refusal or DNS failure leaves the
 * question open (`error`).
 */
export function faultStatus(f: ProbeFault, definite: FindingStatus): FindingStatus {
  // A name that does not exist (NXDOMAIN) is an answer too; a resolver that fails (EAI_AGAIN) is not.
  const definiteDns = f.kind === 'dns' && f.code === 'ENOTFOUND';
  return f.kind === 'tls' || f.kind === 'redirect' || definiteDns ? definite : 'error';
}

export function faultText(f: ProbeFault): string {
  const hint =
    f.code === 'CERT_HAS_EXPIRED'
      ? ' (the certificate has expired)'
      : f.code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? ' (the certificate does not cover this name)'
        : /SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(f.code)
          ? ' (the certificate chain is not trusted)'
          : '';
  return hint && f.message.toLowerCase().includes(hint.slice(6, -1)) ? f.message : `${f.message}${hint}`;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
  raw: string;
}

/** Parses WWW-Authenticate values (one challenge per header line, as Exchange sends them). */
export function challenges(p: HttpProbe): Challenge[] {
  const out: Challenge[] = [];
  for (const raw of p.headers['www-authenticate'] ?? []) {
    const m = raw.trim().match(/^([A-Za-z0-9_-]+)\s*(.*)$/);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const pm of m[2]!.matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/g))
      params[pm[1]!.toLowerCase()] = pm[2] ?? pm[3] ?? '';
    out.push({ scheme: m[1]!, params, raw });
  }
  return out;
}

/** Headers only Exchange/IIS front ends add: the answer came from Exchange, not a proxy page. */
export function fromExchange(p: HttpProbe): boolean {
  return ['x-feserver', 'x-beserver', 'request-id', 'x-owa-version'].some(
    (h) => (p.headers[h]?.length ?? 0) > 0,
  );
}

/** Whether a certificate's SANs (or CN when there are none) cover a host name, wildcards included. */
export function certCovers(c: CertInfo, host: string): boolean {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  const names = c.sans.length > 0 ? c.sans : [c.subject.match(/CN=([^,]+)/)?.[1] ?? ''];
  return names.some((n) => {
    const san = n.toLowerCase();
    if (san === name) return true;
    if (!san.startsWith('*.')) return false;
    const rest = name.split('.').slice(1).join('.');
    return rest === san.slice(2) && name.split('.').length >= 3;
  });
}

export function tlsFor(tls: readonly TlsProbe[] | undefined, host: string): TlsProbe | undefined {
  const [name, port] = host.toLowerCase().split(':');
  return tls?.find(
    (t) => t.protocol === 'https' && t.host.toLowerCase() === name && t.port === Number(port ?? 443),
  );
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Attribute names as Exchange writes them (S=) and as certificates/Node show them (ST=). */
const DN_KEYS: Record<string, string> = { s: 'st', st: 'st', e: 'emailaddress', email: 'emailaddress' };

/** A distinguished name as a sorted list of lower-case key=value pairs, order and spacing ignored. */
function normalizeDn(dn: string): string[] {
  return dn
    .split(/,(?=\s*[A-Za-z][A-Za-z0-9.]*\s*=)/)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim().toLowerCase();
      return `${DN_KEYS[key] ?? key}=${part
        .slice(eq + 1)
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase()}`;
    })
    .filter((p) => p.length > 1)
    .sort();
}

/** Splits Exchange's TlsCertificateName `<I>issuer<S>subject`; undefined when it is not that shape. */
export function parseTlsCertificateName(value: string): { issuer: string; subject: string } | undefined {
  const m = value.match(/^\s*<I>(.*)<S>(.*)$/s);
  return m ? { issuer: m[1]!.trim(), subject: m[2]!.trim() } : undefined;
}

export function sameDn(a: string, b: string): boolean {
  return normalizeDn(a).join('|') === normalizeDn(b).join('|');
}
