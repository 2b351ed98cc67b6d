import { defineCheck } from '../../src/engine/define-check.ts';
import { hostsCloudMailbox } from '../../src/model/exo-mailboxes.ts';
import { originEvidence } from '../../src/model/exo-origin.ts';
import { carriesSmtpAddress } from '../../src/model/primary-smtp.ts';
import { recipientKind } from '../../src/model/recipient-types.ts';
import {
  adRecipientOf,
  CONFIGURE_DOC,
  domainPart,
  gatewayOf,
  internalDomainOf,
  normAddress,
} from './common.ts';

export default defineCheck({
  id: 'journal.exo-ndr-mailbox',
  area: 'journal',
  severity: 'fail',
  targetKind: 'organization',
  title: 'Exchange Online alternate journaling mailbox (JournalingReportNdrTo) is set',
  failureTitle: 'Exchange Online alternate journaling mailbox (JournalingReportNdrTo) is missing or invalid',
  description:
    'When the Gateway cannot take a journal report, Exchange Online sends the NDR (with the report) to the alternate journaling mailbox. It must be set, and it cannot be an Exchange Online mailbox; an on-premises mailbox or an external address is fine.',
  remediation: {
    text: 'Set the Exchange Online journaling NDR address to an on-premises mailbox or an external address (not an Exchange Online mailbox, not the Gateway itself), then export again.',
    powershell: ['Set-TransportConfig -JournalingReportNdrTo <on-premises mailbox or external address>'],
  },
  docs: [CONFIGURE_DOC],
  requires: ['exo.transportConfig'],
  optional: [
    'exo.journalRules',
    'ldap.users',
    'ldap.mailObjects',
    'graph.users',
    'ldap.acceptedDomains',
    'graph.domains',
    'exo.mailboxes',
  ],
  confidence: 'confirmed',
  run({ artifacts, settings }) {
    const t = artifacts['exo.transportConfig'];
    // "supplied" (an export: its file) or "live" (read from the tenant: the cmdlet and endpoint).
    const base = { ...originEvidence(t), raw: t.raw ?? null };
    const target = 'JournalingReportNdrTo';
    const value = normAddress(t.journalingReportNdrTo);
    if (!value)
      return [
        {
          target,
          status: 'fail',
          message:
            'Not set (<>): NDRs for undeliverable journal reports are lost, and the EAC requires it before journal rules',
          evidence: base,
        },
      ];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
      return [{ target, status: 'fail', message: `${value} is not an SMTP address`, evidence: base }];
    const gateway = gatewayOf(settings);
    const journalTargets = new Set(
      (artifacts['exo.journalRules']?.rules ?? [])
        .map((r) => normAddress(r.journalEmailAddress))
        .filter(Boolean),
    );
    if (value === gateway || journalTargets.has(value))
      return [
        {
          target,
          status: 'fail',
          message: `${value} is the journal target itself: an NDR for a report the Gateway refused would go back to the Gateway`,
          evidence: base,
        },
      ];
    // The Exchange Online mailbox list, when read, answers directly: a mailbox hosted there is invalid.
    const exoHit = artifacts['exo.mailboxes']?.mailboxes.find(
      (m) => m.primarySmtpAddress.toLowerCase() === value || carriesSmtpAddress(m.emailAddresses, value),
    );
    if (exoHit && hostsCloudMailbox(exoHit))
      return [
        {
          target,
          status: 'fail',
          message: `${value} is an Exchange Online mailbox (${exoHit.recipientTypeDetails} ${exoHit.primarySmtpAddress} in the Exchange Online mailbox list); the alternate journaling mailbox cannot be in Exchange Online`,
          evidence: {
            ...base,
            exoMailbox: exoHit.primarySmtpAddress,
            recipientTypeDetails: exoHit.recipientTypeDetails,
          },
        },
      ];
    const ad = adRecipientOf(value, artifacts['ldap.users'], artifacts['ldap.mailObjects']);
    if (ad?.user) {
      const kind = recipientKind(ad.user.msExchRecipientTypeDetails);
      if (kind === 'remote-mailbox')
        return [
          {
            target,
            status: 'fail',
            message: `${value} is an Exchange Online mailbox (remote mailbox ${ad.dn}); the alternate journaling mailbox cannot be in Exchange Online`,
            evidence: { ...base, dn: ad.dn, recipientType: ad.user.msExchRecipientTypeDetails },
          },
        ];
      if (kind === 'onprem-mailbox')
        return [
          {
            target,
            status: 'pass',
            message: `${value} is an on-premises mailbox (${ad.dn})`,
            evidence: { ...base, dn: ad.dn },
          },
        ];
    }
    const cloudUser = (artifacts['graph.users'] ?? []).find(
      (u) =>
        u.onPremisesSyncEnabled !== true &&
        (u.mail?.toLowerCase() === value ||
          u.proxyAddresses.some((p) => p.toLowerCase() === `smtp:${value}`)),
    );
    if (cloudUser)
      return [
        {
          target,
          status: 'fail',
          message: `${value} belongs to the cloud-only user ${cloudUser.userPrincipalName}: an Exchange Online recipient cannot be the alternate journaling mailbox`,
          evidence: { ...base, userPrincipalName: cloudUser.userPrincipalName },
        },
      ];
    const internal = internalDomainOf(
      domainPart(value),
      artifacts['ldap.acceptedDomains'],
      artifacts['graph.domains'],
    );
    if (!internal)
      return [{ target, status: 'pass', message: `${value} is an external address`, evidence: base }];
    const looked = ['ldap.users', 'ldap.mailObjects', 'graph.users'].filter(
      (k) => k in artifacts && artifacts[k as never] !== undefined,
    );
    return [
      {
        target,
        status: 'pass',
        message: ad
          ? `${value} is an on-premises recipient (${ad.dn})`
          : `${value} (in ${internal.origin} ${internal.domain}) is set; no recipient with it was among the objects read (${looked.join(', ') || 'no directory data'}): make sure it is an on-premises mailbox that is not journaled`,
        evidence: { ...base, ...(ad ? { dn: ad.dn } : {}), internalDomain: internal.domain },
      },
    ];
  },
});
