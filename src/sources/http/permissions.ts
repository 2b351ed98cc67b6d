import type { AccessTable } from '../access.ts';

const HTTPS =
  'HTTPS (443) to the Autodiscover and EWS host names and to Exchange Online Autodiscover, from the MailStore host and from the Internet';

/** Outbound connections each probe artifact needs. */
export const HTTP_ACCESS: AccessTable<
  'http.targets' | 'http.autodv2' | 'http.pox' | 'http.ews' | 'http.autodiscoverSvc' | 'http.tls'
> = {
  // The targets are derived from other sources' artifacts, but only exist when the probes ran.
  'http.targets': { network: [HTTPS] },
  'http.autodv2': { network: [HTTPS] },
  'http.pox': { network: [HTTPS] },
  'http.ews': { network: [HTTPS] },
  'http.autodiscoverSvc': { network: [HTTPS] },
  'http.tls': { network: [HTTPS, 'SMTP (25) to the smart host with probes.smtp'] },
};
