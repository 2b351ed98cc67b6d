import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { smtpAddresses } from '../../src/model/primary-smtp.ts';
import { recipientKind, recipientTypeName } from '../../src/model/recipient-types.ts';
import { coexistenceDomain } from './onprem-helpers.ts';

const options = z.strictObject({
  /** The tenant's routing domain; default: <tenant>.mail.onmicrosoft.com from the config's tenant. */
  coexistenceDomain: z.string().optional(),
});

export default defineCheck({
  id: 'exch.remote-mailbox-routing',
  area: 'exch',
  severity: 'fail',
  targetKind: 'mailbox',
  title: 'Remote mailboxes route to the tenant',
  failureTitle: 'Remote mailboxes do not route to Exchange Online',
  description:
    'A remote mailbox (a mailbox moved to or created in Exchange Online) is reached from on-premises through its targetAddress, the RemoteRoutingAddress <alias>@<tenant>.mail.onmicrosoft.com, which must also be one of its proxy addresses. Otherwise mail to it is not delivered and journaling of it is incomplete.',
  remediation: {
    text: 'Set the remote routing address of each listed remote mailbox, and make sure the address is in EmailAddresses (apply the email address policy).',
    powershell: ['Set-RemoteMailbox <user> -RemoteRoutingAddress <alias>@<tenant>.mail.onmicrosoft.com'],
  },
  docs: ['https://learn.microsoft.com/exchange/transport-routing'],
  requires: ['ldap.users'],
  optional: ['ldap.acceptedDomains'],
  confidence: 'decompiled',
  options,
  run({ artifacts, options: opts, settings }) {
    const coex = coexistenceDomain(opts.coexistenceDomain, settings, artifacts['ldap.acceptedDomains']);
    const remote = artifacts['ldap.users'].filter(
      (u) => recipientKind(u.msExchRecipientTypeDetails) === 'remote-mailbox',
    );
    if (remote.length === 0)
      return [
        {
          target: 'remote mailboxes',
          status: 'info',
          message: 'No remote mailboxes on-premises (no mailbox was moved to Exchange Online)',
        },
      ];
    const findings: Finding[] = [];
    let ok = 0;
    for (const u of remote) {
      const target = u.userPrincipalName ?? u.dn;
      const evidence = {
        dn: u.dn,
        recipientType: recipientTypeName(u.msExchRecipientTypeDetails),
        msExchRemoteRecipientType: u.msExchRemoteRecipientType,
        targetAddress: u.targetAddress,
        proxyAddresses: u.proxyAddresses,
      };
      const ta = u.targetAddress?.match(/^smtp:(.+)$/i)?.[1]?.toLowerCase();
      const domainOk = ta && (coex ? ta.endsWith(`@${coex}`) : /\.mail\.onmicrosoft\.com$/.test(ta));
      if (!u.targetAddress) {
        findings.push({
          target,
          status: 'fail',
          message: 'targetAddress is empty: mail to this remote mailbox has nowhere to go',
          evidence,
        });
      } else if (!domainOk) {
        findings.push({
          target,
          status: 'fail',
          message: `targetAddress ${u.targetAddress} is not an address in ${coex ?? '<tenant>.mail.onmicrosoft.com'}`,
          evidence,
        });
      } else if (!smtpAddresses(u.proxyAddresses).all.includes(ta!)) {
        findings.push({
          target,
          status: 'fail',
          message: `targetAddress ${u.targetAddress} is not one of the proxy addresses`,
          evidence,
        });
      } else if (!u.mailboxGuid) {
        findings.push({
          target,
          status: 'warn',
          message: 'msExchMailboxGuid is missing (moves and provisioning use it)',
          evidence,
        });
      } else ok++;
    }
    if (ok > 0)
      findings.push({
        target: 'remote mailboxes',
        status: 'pass',
        message: `${ok} of ${remote.length} remote mailboxes route to ${coex ?? 'the tenant'}`,
        evidence: { ok, total: remote.length },
      });
    return findings;
  },
});
