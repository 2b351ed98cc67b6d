import type { AccessTable } from '../access.ts';

/** The SMTP probe of the MailStore Gateway's MX hosts. */
export const GATEWAY_ACCESS: AccessTable<'gateway.smtp'> = {
  'gateway.smtp': { network: ['SMTP (TCP 25) to the Gateway MX with probes.smtp'] },
};
