import type { TlsProbe } from './http.ts';

/** SMTP STARTTLS probes of the MailStore Gateway domain's MX hosts (`probes.smtp: true` only). */
export interface GatewaySmtpProbes {
  domain: string;
  /** One EHLO + STARTTLS + verified TLS handshake per MX host (QUIT right after; no MAIL/RCPT). */
  probes: TlsProbe[];
}

/** The artifacts the gateway source writes, by key. */
export interface GatewayArtifacts {
  'gateway.smtp': GatewaySmtpProbes;
}
