import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { answerOf, brief, errorFinding, hostMatches, isNullMx, mxRecords, sortedDomains } from './common.ts';

const options = z.strictObject({
  /** MX patterns of the DNSSEC/DANE Exchange Online endpoint (community-observed `<x>-v1.mx.microsoft`). */
  danePatterns: z.array(z.string()).default(['*.mx.microsoft']),
});

export default defineCheck({
  id: 'dns.dnssec',
  area: 'dns',
  severity: 'warn', // info normally; warn for the violations it names (catalogue: info/warn)
  targetKind: 'domain',
  title: 'DNSSEC state of the mail domain',
  failureTitle: 'DNSSEC inconsistent with the mail routing',
  description:
    'Reports whether the domain is signed (DS at the parent, DNSKEY at the apex), whether the resolver validated it (AD flag), and whether the MX hosts publish DANE TLSA records. Inbound SMTP DANE for Exchange Online (*.mx.microsoft) only protects mail when the domain itself is signed.',
  remediation: {
    text: 'Sign the zone at the DNS provider and publish the DS record at the registrar; for inbound DANE to Exchange Online, enable it once the MX points to the mx.microsoft endpoint. A DS without a matching DNSKEY makes validating resolvers fail every lookup: fix or remove it.',
    powershell: ['Enable-SmtpDaneInbound -DomainName <domain>'],
  },
  docs: ['https://learn.microsoft.com/purview/how-smtp-dane-works', 'https://www.rfc-editor.org/rfc/rfc7672'],
  requires: ['dns.domains'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const all = artifacts['dns.domains'];
    return sortedDomains(all).map((domain): Finding => {
      const answers = all[domain];
      const ds = answerOf(answers, domain, 'DS');
      const key = answerOf(answers, domain, 'DNSKEY');
      const mx = answerOf(answers, domain, 'MX');
      const err = errorFinding(domain, [ds, key, mx], 'DNSSEC');
      if (err) return err;
      const hosts = isNullMx(mxRecords(mx)) ? [] : [...new Set(mxRecords(mx).map((r) => r.exchange))];
      const tlsa: Record<string, unknown> = {};
      for (const h of hosts) {
        const t = answerOf(answers, `_25._tcp.${h}`, 'TLSA');
        if (t?.state === 'noerror') tlsa[h] = t.records.map((r) => r.data);
      }
      const hasDs = ds!.state === 'noerror' && ds!.records.length > 0;
      const hasKey = key!.state === 'noerror' && key!.records.length > 0;
      const validated = mx!.authenticated === true;
      const dane = hosts.filter((h) => opts.danePatterns.some((p) => hostMatches(p, h)));
      const evidence = {
        ds: brief(ds),
        dnskey: brief(key),
        validatedByResolver: validated,
        daneMxHosts: dane,
        tlsa,
      };
      if (hasDs && !hasKey)
        return {
          target: domain,
          status: 'warn',
          message: 'DS at the parent but no DNSKEY at the apex: validating resolvers will fail lookups',
          evidence,
        };
      if (dane.length && !hasDs)
        return {
          target: domain,
          status: 'warn',
          message: `MX ${dane.join(', ')} is the DNSSEC/DANE endpoint, but ${domain} is not signed (no DS): inbound DANE cannot protect it`,
          evidence,
        };
      const state = hasDs
        ? `signed (DS and DNSKEY)${validated ? ', validated by the resolver (AD)' : ', not validated by this resolver (no AD flag)'}`
        : hasKey
          ? 'DNSKEY published but no DS at the parent (not a secure delegation)'
          : 'not signed';
      const daneText = Object.keys(tlsa).length
        ? `; DANE TLSA on ${Object.keys(tlsa).join(', ')}`
        : '; no DANE TLSA on the MX hosts';
      return { target: domain, status: 'info', message: `${domain} is ${state}${daneText}`, evidence };
    });
  },
});
