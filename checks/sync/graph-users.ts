/** Helpers shared by the Graph-side sync checks (no default export: not a check). */

import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import { isUserFacingMailbox } from '../../src/model/recipient-types.ts';
import type { UsersView } from '../../src/model/users.ts';

interface MailboxVerdict {
  owner: boolean | undefined;
  basis: string;
}

/**
 * Whether a user owns a mailbox (either side): from AD's msExchRecipientTypeDetails of the joined
 * AD user when LDAP data is present, else from the mailboxSettings probe, else from an enabled
 * Exchange plan.
 */
export function mailboxOwner(
  user: GraphUser,
  users: UsersView,
  probes: Record<string, GraphMailboxProbe> | undefined,
): MailboxVerdict {
  const adUser = users.adFor(user);
  if (adUser?.msExchRecipientTypeDetails !== undefined)
    return {
      owner: isUserFacingMailbox(adUser.msExchRecipientTypeDetails),
      basis: `AD msExchRecipientTypeDetails ${adUser.msExchRecipientTypeDetails}`,
    };
  const probe = probes?.[user.userPrincipalName.toLowerCase()];
  if (probe?.mailbox === 'cloud')
    return { owner: true, basis: 'Exchange Online mailbox (mailboxSettings answered)' };
  if (
    (user.assignedPlans ?? []).some(
      (p) => p.service?.toLowerCase() === 'exchange' && p.capabilityStatus === 'Enabled',
    )
  )
    return { owner: true, basis: 'Exchange Online plan assigned' };
  if (adUser) return { owner: false, basis: 'AD user without msExchRecipientTypeDetails' };
  if (probe?.mailbox === 'not-in-cloud')
    return {
      owner: undefined,
      basis: `no Exchange Online mailbox (${probe.code ?? 'HTTP 404'}); on-prem mailbox unknown without LDAP`,
    };
  return { owner: undefined, basis: 'mailbox unknown: no AD data and no probe' };
}
