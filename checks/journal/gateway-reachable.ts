import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { DnsAnswer, MxData } from '../../src/evidence/dns.ts';
import { CONFIGURE_DOC, MAILSTORE_DOC } from './common.ts';

const UNKNOWN = new Set(['servfail', 'timeout', 'refused', 'error']);

export default defineCheck({
  id: 'journal.gateway-reachable',
  area: 'journal',
  severity: 'fail',
  targetKind: 'host',
  title: 'Gateway domain accepts mail over TLS',
  failureTitle: 'Gateway domain does not accept mail (or not over TLS)',
  description:
    'Journal reports reach the Gateway through the MX of its domain. If the journaling mailbox is an invalid destination, Microsoft disables the journal rule after two days; without STARTTLS the reports cross the Internet in clear text.',
  remediation:
    'Publish an MX for the Gateway domain whose hosts resolve, accept SMTP on port 25 from Exchange Online and your Exchange servers, and offer STARTTLS with a publicly trusted certificate.',
  docs: [CONFIGURE_DOC, MAILSTORE_DOC],
  requires: ['dns.gateway'],
  optional: ['gateway.smtp'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const { domain, answers } = artifacts['dns.gateway'];
    const mx = answers[`${domain}/MX`];
    if (!mx || UNKNOWN.has(mx.state))
      return [
        {
          target: domain,
          status: 'error',
          message: `MX of ${domain} unknown: ${mx ? `${mx.state}${mx.detail ? ` (${mx.detail})` : ''}` : 'not queried'}`,
        },
      ];
    const hosts = mx.records
      .filter((r) => r.type === 'MX')
      .map((r) => ({
        pref: (r.data as MxData).preference,
        host: (r.data as MxData).exchange.replace(/\.$/, '').toLowerCase(),
      }))
      .sort((a, b) => a.pref - b.pref);
    if (hosts.length === 0 || (hosts.length === 1 && hosts[0]!.host === ''))
      return [
        {
          target: domain,
          status: 'fail',
          message: `${domain} has no usable MX record (${mx.state}): the Gateway cannot receive journal reports`,
          evidence: { mx: mx.state },
        },
      ];
    const smtp = artifacts['gateway.smtp'];
    const findings: Finding[] = [];
    for (const { host, pref } of hosts) {
      const a = answers[`${host}/A`];
      const aaaa = answers[`${host}/AAAA`];
      const addrs = [a, aaaa].flatMap(
        (x: DnsAnswer | undefined) =>
          x?.records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => String(r.data)) ?? [],
      );
      const evidence: Record<string, unknown> = {
        mx: `${pref} ${host}`,
        addresses: addrs,
        a: a?.state,
        aaaa: aaaa?.state,
      };
      if (addrs.length === 0) {
        const unknown = [a, aaaa].find((x) => !x || UNKNOWN.has(x.state));
        findings.push({
          target: host,
          status: unknown ? 'error' : 'fail',
          message: unknown
            ? `Address of MX host ${host} unknown (${unknown ? (unknown.state ?? 'not queried') : ''})`
            : `MX host ${host} has no A/AAAA record`,
          evidence,
        });
        continue;
      }
      const probe = smtp?.probes.find((p) => p.host === host);
      if (!probe) {
        findings.push({
          target: host,
          status: 'pass',
          message: `MX host ${host} resolves (${addrs.join(', ')}); judged from DNS only: ${smtp ? 'not probed' : 'no SMTP probe result (probes.smtp is off, or the probe did not run; set probes.smtp: true to test STARTTLS on port 25)'}`,
          evidence: { ...evidence, judgedFrom: 'dns' },
        });
        continue;
      }
      evidence.probe = { durationMs: probe.durationMs, ...(probe.fault ? { fault: probe.fault } : {}) };
      if (probe.certificate)
        evidence.certificate = {
          subject: probe.certificate.subject,
          issuer: probe.certificate.issuer,
          sans: probe.certificate.sans,
          trustedBy: probe.certificate.trustedBy,
        };
      if (!probe.fault) {
        findings.push({
          target: host,
          status: 'pass',
          message: `${host}:25 offers STARTTLS and completed a verified TLS handshake`,
          evidence,
        });
      } else if (/does not offer STARTTLS/i.test(probe.fault.message)) {
        findings.push({
          target: host,
          status: 'warn',
          message: `${host}:25 accepts SMTP but does not offer STARTTLS: journal reports would travel unencrypted`,
          evidence,
        });
      } else if (probe.fault.kind === 'tls' && probe.certificate) {
        findings.push({
          target: host,
          status: 'warn',
          message: `${host}:25 offers STARTTLS but its certificate did not verify (${probe.fault.code}); opportunistic TLS still encrypts, a TLS-enforcing connector would fail`,
          evidence,
        });
      } else {
        findings.push({
          target: host,
          status: 'warn',
          message: `${host}:25 could not be reached from the scanner (${probe.fault.message}); outbound port 25 is often blocked, so verify from Exchange Online's message trace`,
          evidence,
        });
      }
    }
    return findings;
  },
});
