import { z } from 'zod';
import { defineCheck, skip } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { CertInfo } from '../../src/evidence/http.ts';
import {
  certCovers,
  certEvidence,
  faultStatus,
  faultText,
  parseTlsCertificateName,
  sameDn,
} from './probe-findings.ts';

const DAY = 86_400_000;

function matchesExpected(value: string, c: CertInfo): boolean {
  const parsed = parseTlsCertificateName(value);
  return !!parsed && sameDn(parsed.issuer, c.issuer) && sameDn(parsed.subject, c.subject);
}

export default defineCheck({
  id: 'http.tls-certificate',
  area: 'http',
  severity: 'fail',
  targetKind: 'host',
  title: 'Trusted certificate covering the hybrid names',
  failureTitle: 'A hybrid name has an untrusted, expired or mismatched certificate',
  description:
    'Hybrid and MailStore need a certificate from a trusted (public) CA on Autodiscover and EWS, with those names in its SANs, and no self-signed certificate. The on-premises SMTP smart host certificate is read over STARTTLS when probes.smtp is on.',
  remediation: {
    text: 'Install a certificate from a public CA whose SANs include autodiscover.<domain> and the EWS host, assign it to IIS and SMTP, and renew it before it expires.',
    powershell: [
      'Import-ExchangeCertificate -Server <server> -FileData ([System.IO.File]::ReadAllBytes("<path>.pfx")) -Password (Read-Host -AsSecureString)',
      'Enable-ExchangeCertificate -Server <server> -Thumbprint <thumbprint> -Services IIS,SMTP',
    ],
  },
  docs: [
    'https://learn.microsoft.com/exchange/certificate-requirements',
    'https://learn.microsoft.com/exchange/hybrid-deployment-prerequisites',
  ],
  requires: ['http.tls'],
  confidence: 'confirmed',
  options: z.object({
    /** Days before expiry that give a warning. */
    warnDays: z.number().int().min(0).default(30),
    /** Accept a chain trusted only through endpoints.caFile (a private CA) as a pass. */
    allowPrivateCa: z.boolean().default(true),
  }),
  run({ artifacts, options, now }) {
    const findings: Finding[] = [];
    for (const t of artifacts['http.tls']) {
      const target = `${t.host}:${t.port}${t.protocol === 'smtp' ? ' (SMTP STARTTLS)' : ''}`;
      const evidence = {
        role: t.role,
        protocol: t.protocol,
        ...(t.certificate ? { certificate: certEvidence(t.certificate) } : {}),
        ...(t.fault ? { fault: t.fault } : {}),
        durationMs: t.durationMs,
      };
      if (t.fault) {
        const c = t.certificate;
        const seen = c
          ? `; presented ${c.subject} from ${c.issuer}, valid ${c.validFrom.slice(0, 10)} to ${c.validTo.slice(0, 10)}, names ${c.sans.join(', ')}`
          : '';
        findings.push({
          target,
          status: faultStatus(t.fault, 'fail'),
          message: `${faultText(t.fault)}${seen}`,
          evidence,
        });
        continue;
      }
      const c = t.certificate;
      if (!c) {
        findings.push({ target, status: 'error', message: 'The handshake gave no certificate', evidence });
        continue;
      }
      const left = Math.floor((Date.parse(c.validTo) - now.getTime()) / DAY);
      if (c.selfSigned) {
        findings.push({
          target,
          status: 'fail',
          message: `Self-signed certificate (${c.subject})`,
          evidence,
        });
      } else if (left < 0) {
        findings.push({ target, status: 'fail', message: `Expired on ${c.validTo.slice(0, 10)}`, evidence });
      } else if (!certCovers(c, t.host)) {
        findings.push({
          target,
          status: 'fail',
          message: `${t.host} is not in the certificate's names`,
          evidence,
        });
      } else if (c.trustedBy === 'caFile' && !options.allowPrivateCa) {
        findings.push({
          target,
          status: 'fail',
          message: `Trusted only through endpoints.caFile (issuer ${c.issuer}), not a public root`,
          evidence,
        });
      } else if (left < options.warnDays) {
        findings.push({
          target,
          status: 'warn',
          message: `Expires in ${left} day(s), on ${c.validTo.slice(0, 10)}`,
          evidence,
        });
      } else if (t.expectedCertificateName && !matchesExpected(t.expectedCertificateName.value, c)) {
        findings.push({
          target,
          status: 'warn',
          message: `The SMTP certificate (issuer ${c.issuer}, subject ${c.subject}) is not the one the HybridConfiguration names (TlsCertificateName ${t.expectedCertificateName.value}): secure mail with Exchange Online fails after a certificate change`,
          evidence: { ...evidence, tlsCertificateName: t.expectedCertificateName },
        });
      } else {
        findings.push({
          target,
          status: 'pass',
          message: `Valid until ${c.validTo.slice(0, 10)}, issued by ${c.issuer}${c.trustedBy === 'caFile' ? ' (trusted through endpoints.caFile)' : ''}${t.expectedCertificateName ? '; matches the HybridConfiguration TlsCertificateName' : ''}`,
          evidence: t.expectedCertificateName
            ? { ...evidence, tlsCertificateName: t.expectedCertificateName }
            : evidence,
        });
      }
    }
    if (findings.length === 0) skip('no Autodiscover or EWS host known.', { setting: 'domains' });
    return findings;
  },
});
