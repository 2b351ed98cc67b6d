import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { recipientKind } from '../../src/model/recipient-types.ts';

const options = z.strictObject({
  /** Share of remote mailboxes that must carry msDS-ExternalDirectoryObjectID. */
  threshold: z.number().min(0).max(1).default(0.95),
});

export default defineCheck({
  id: 'sync.exchange-hybrid-writeback',
  area: 'sync',
  severity: 'warn',
  targetKind: 'tenant',
  title: 'Entra Connect runs with the Exchange hybrid writeback option',
  failureTitle: 'Entra Connect does not write Exchange hybrid attributes back to AD',
  description:
    'With "Exchange hybrid deployment" enabled, Entra Connect writes cloud attributes back to AD, among them msDS-ExternalDirectoryObjectID on synced users. Remote mailboxes without it indicate the option is off, which breaks archive status, safe senders and cloud voicemail in a hybrid.',
  remediation:
    'In Microsoft Entra Connect: Customize synchronization options → Optional features → enable "Exchange hybrid deployment", then run a full sync.',
  docs: [
    'https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-sync-attributes-synchronized#exchange-hybrid-writeback',
  ],
  requires: ['ldap.users'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const remote = artifacts['ldap.users'].filter(
      (u) => recipientKind(u.msExchRecipientTypeDetails) === 'remote-mailbox',
    );
    if (remote.length === 0)
      return [
        {
          target: 'remote mailboxes',
          status: 'info',
          message: 'No remote mailboxes: writeback cannot be judged from AD',
        },
      ];
    const missing = remote.filter((u) => !u.externalDirectoryObjectId);
    const share = (remote.length - missing.length) / remote.length;
    const evidence = {
      remoteMailboxes: remote.length,
      withExternalDirectoryObjectId: remote.length - missing.length,
      sample: remote.find((u) => u.externalDirectoryObjectId)?.externalDirectoryObjectId,
      missing: missing.slice(0, 50).map((u) => u.userPrincipalName ?? u.dn),
      note: 'The value format User_<Entra object id> is unconfirmed; only presence is judged.',
    };
    const findings: Finding[] = [];
    if (share >= opts.threshold)
      findings.push({
        target: 'remote mailboxes',
        status: 'pass',
        message: `${remote.length - missing.length} of ${remote.length} remote mailboxes carry msDS-ExternalDirectoryObjectID`,
        evidence,
      });
    else
      findings.push({
        target: 'remote mailboxes',
        status: 'warn',
        message: `Only ${remote.length - missing.length} of ${remote.length} remote mailboxes carry msDS-ExternalDirectoryObjectID (expected at least ${Math.round(opts.threshold * 100)} %)`,
        evidence,
      });
    return findings;
  },
});
