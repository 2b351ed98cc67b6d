import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { MxData } from '../../src/evidence/dns.ts';
import {
  CONFIGURE_DOC,
  domainPart,
  gatewayOf,
  internalDomainOf,
  MAILSTORE_DOC,
  NO_GATEWAY,
} from './common.ts';

// The last label is a letters-only TLD or an IDN TLD in its ASCII (A-label) form, `xn--…`
// (RFC 5890 §2.3.2.1; e.g. .xn--p1ai for .рф): both are valid in an SMTP address (RFC 5321 §4.1.2).
const ADDRESS =
  /^[^\s@<>()[\]\\,;:"]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9](?:[a-z0-9-]{0,57}[a-z0-9])?)$/i;

export default defineCheck({
  id: 'journal.gateway-address',
  area: 'journal',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'Gateway address is a valid external address',
  failureTitle: 'Gateway address is not a valid external address',
  description:
    'Both Exchange Online and on-premises Exchange must send journal reports to the MailStore Gateway by its external address. An address in an accepted or tenant domain would be delivered internally (an on-premises journal mailbox), and Exchange Online cannot journal to its own mailboxes.',
  remediation:
    'Set `mailstore.gatewayAddress` to the Gateway mailbox address shown in the MailStore Gateway (e.g. an address in the Gateway’s own mail domain), without wildcards, in a domain that is neither an accepted domain on-premises nor a tenant domain, and with an MX record.',
  docs: [CONFIGURE_DOC, MAILSTORE_DOC],
  requires: [],
  optional: ['ldap.acceptedDomains', 'graph.domains', 'dns.gateway'],
  confidence: 'confirmed',
  run({ artifacts, settings }) {
    const gateway = gatewayOf(settings);
    // Without the setting there is nothing to validate; the rule checks say what they could not compare.
    if (!gateway)
      return [
        {
          target: 'mailstore.gatewayAddress',
          status: 'info',
          message: `${NO_GATEWAY}; set it to verify journaling`,
        },
      ];
    const evidence: Record<string, unknown> = { gatewayAddress: gateway, source: 'mailstore.gatewayAddress' };
    if (gateway.includes('*'))
      return [
        {
          target: gateway,
          status: 'fail',
          message: 'The address contains a wildcard; a journal recipient must be one SMTP address',
          evidence,
        },
      ];
    if (!ADDRESS.test(gateway))
      return [
        { target: gateway, status: 'fail', message: 'Not a valid SMTP address (local@domain.tld)', evidence },
      ];
    const domain = domainPart(gateway);
    const internal = internalDomainOf(domain, artifacts['ldap.acceptedDomains'], artifacts['graph.domains']);
    evidence.checkedAgainst = [
      artifacts['ldap.acceptedDomains'] ? 'on-premises accepted domains' : undefined,
      artifacts['graph.domains'] ? 'tenant domains' : undefined,
    ].filter(Boolean);
    if (internal)
      return [
        {
          target: gateway,
          status: 'fail',
          message: `${domain} is an ${internal.origin} (${internal.domain}): journal reports would be delivered internally, not to the Gateway`,
          evidence: { ...evidence, internalDomain: internal.domain, origin: internal.origin },
        },
      ];
    const out: Finding = {
      target: gateway,
      status: 'pass',
      message: `External address: ${domain} is not an accepted or tenant domain`,
      evidence,
    };
    const dns = artifacts['dns.gateway'];
    const mx = dns?.answers[`${domain}/MX`];
    if (!dns || !mx) {
      out.message += '; MX not checked (the DNS source did not run)';
      return [out];
    }
    const hosts = mx.records.filter((r) => r.type === 'MX').map((r) => (r.data as MxData).exchange);
    evidence.mx = hosts;
    evidence.mxState = mx.state;
    if (mx.state === 'servfail' || mx.state === 'timeout' || mx.state === 'refused' || mx.state === 'error')
      return [
        {
          target: gateway,
          status: 'error',
          message: `MX of ${domain} unknown: ${mx.state}${mx.detail ? ` (${mx.detail})` : ''}`,
          evidence,
        },
      ];
    const nullMx = hosts.length === 1 && (hosts[0] === '' || hosts[0] === '.');
    if (hosts.length === 0 || nullMx)
      return [
        {
          target: gateway,
          status: 'fail',
          message: nullMx
            ? `${domain} publishes a null MX (RFC 7505): it accepts no mail`
            : `${domain} has no MX record (${mx.state}): Exchange Online will not find the Gateway`,
          evidence,
        },
      ];
    out.message += `, MX ${hosts.join(', ')}`;
    return [out];
  },
});
