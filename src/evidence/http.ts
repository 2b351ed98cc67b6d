/**
 * Artifacts of the HTTPS/SMTP probe source. Every probe keeps its outcome: a timeout, a reset or
 * a certificate fault is recorded with its cause and is never the same as "not found".
 */

/** One certificate of the chain the server presented. */
export interface CertSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

/** The server certificate a TLS handshake presented, as a person needs it to verify by hand. */
export interface CertInfo extends CertSummary {
  /** DNS and IP subjectAltNames, without the `DNS:` prefixes. */
  sans: string[];
  serialNumber: string;
  selfSigned: boolean;
  /** Leaf first, then intermediates, then the root when the server sent it or Node found it. */
  chain: CertSummary[];
  /** `caFile`: verified only thanks to `endpoints.caFile`; `system`: a root Node trusts by default. */
  trustedBy?: 'system' | 'caFile';
}

export type FaultKind = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'redirect' | 'protocol' | 'aborted';

export interface ProbeFault {
  kind: FaultKind;
  /** Node/OpenSSL code: ETIMEDOUT, ECONNRESET, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID… */
  code: string;
  message: string;
}

export interface RedirectHop {
  url: string;
  status: number;
  location?: string;
}

/** One HTTPS request (with the redirects it followed). */
export interface HttpProbe {
  method: string;
  /** The URL asked first. */
  url: string;
  /** The URL that gave the final answer (after redirects). */
  finalUrl: string;
  status?: number;
  /** The headers checks read (lower-case names); repeated headers keep every value. */
  headers: Record<string, string[]>;
  /** Start of the body (4 KB at most), for JSON answers and version markers. */
  body?: string;
  /** Redirects answered before the final one, in order. */
  redirects: RedirectHop[];
  /** The certificate of the host that gave the final answer. */
  certificate?: CertInfo;
  fault?: ProbeFault;
  durationMs: number;
}

/** Where a target came from, for the report's evidence. */
export type TargetOrigin =
  | 'config'
  | 'config.domains'
  | 'dns.domains'
  | 'graph.domains'
  | 'ldap.acceptedDomains'
  | 'dns.srv'
  | 'ldap.scp'
  | 'autodiscover'
  | 'probes.ewsUrls'
  | 'probes.autodiscoverHosts'
  | 'exo'
  /** Not named by Autodiscover: the Autodiscover host probed for EWS because nothing else was known. */
  | 'fallback';

export interface SampleUser {
  address: string;
  /** How it was chosen: `probes.*` in the config, or picked from LDAP or Graph. */
  pickedFrom: 'config' | 'ldap.users' | 'graph.users';
  rule: string;
}

export interface ProbeTargets {
  domains: { name: string; from: TargetOrigin[] }[];
  autodiscoverHosts: { host: string; from: TargetOrigin[]; domain?: string }[];
  ewsUrls: { url: string; from: TargetOrigin[] }[];
  exoAutodiscover: string;
  users: { onPremises?: SampleUser; cloud?: SampleUser };
  /** Why a sample user is missing, when one is. */
  notes: string[];
  smtpHost?: { host: string; from: string };
}

/** An Autodiscover v2 question: which endpoint, about which sample user. */
export interface AutodV2Probe {
  /** `onprem`: autodiscover.<domain> and friends; `exo`: Exchange Online Autodiscover. */
  endpoint: 'onprem' | 'exo';
  host: string;
  user: string;
  userKind: 'onPremises' | 'cloud';
  /** Whether redirects were followed (the EXO on-prem-user probe must see the 302 itself). */
  followRedirects: boolean;
  probe: HttpProbe;
  /** `Protocol`/`Url` of a 200 JSON answer. */
  answer?: { protocol?: string; url?: string };
}

/** Legacy POX Autodiscover (POST autodiscover.xml) of one host. */
export interface PoxProbe {
  host: string;
  probe: HttpProbe;
}

/** What one on-prem EWS host answered on the paths the checks read. */
export interface EwsHostProbe {
  host: string;
  ewsUrl: string;
  from: TargetOrigin[];
  /** GET /EWS/Exchange.asmx, unauthenticated. */
  ews: HttpProbe;
  /** GET /EWS/Exchange.asmx with an empty `Authorization: Bearer`: the HMA challenge. */
  bearer: HttpProbe;
  /** GET /owa/: X-OWA-Version and the /owa/auth/<build>/ marker. */
  owa: HttpProbe;
  /** POST /EWS/Exchange.asmx/WSSecurity (free/busy, MailTips from EXO). */
  wsSecurity: HttpProbe;
  /** GET /EWS/mrsproxy.svc (mailbox moves). */
  mrsProxy: HttpProbe;
  /** GET of the eDiscovery export tool manifest, only when no X-OWA-Version header was seen. */
  exportTool?: HttpProbe;
}

/** POST /autodiscover/autodiscover.svc/wssecurity of one Autodiscover host. */
export interface AutodiscoverSvcProbe {
  host: string;
  probe: HttpProbe;
}

/** A TLS handshake made only to read the certificate (HTTPS names, or SMTP STARTTLS). */
export interface TlsProbe {
  host: string;
  port: number;
  protocol: 'https' | 'smtp';
  /** Why this host is checked: autodiscover, ews, smtp smart host… */
  role: string[];
  certificate?: CertInfo;
  fault?: ProbeFault;
  durationMs: number;
  /** For the smart host: the HybridConfiguration TlsCertificateName (`<I>issuer<S>subject`) from AD. */
  expectedCertificateName?: { value: string; from: string };
}

/** The artifacts the http source writes, by key. */
export interface HttpArtifacts {
  /** The deduplicated targets and sample users the probes used. */
  'http.targets': ProbeTargets;
  'http.autodv2': AutodV2Probe[];
  'http.pox': PoxProbe[];
  'http.ews': EwsHostProbe[];
  'http.autodiscoverSvc': AutodiscoverSvcProbe[];
  'http.tls': TlsProbe[];
}
