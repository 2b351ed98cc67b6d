/** Helpers shared by the Graph-side sync checks (no default export: not a check). */

import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';

/** msExchRecipientTypeDetails values of mailboxes, on-prem and remote (Exchange RecipientTypeDetails). */
export const MAILBOX_TYPES = new Set([
  '1', // UserMailbox
  '2', // LinkedMailbox
  '4', // SharedMailbox
  '16', // RoomMailbox
  '32', // EquipmentMailbox
  '2147483648', // RemoteUserMailbox
  '8589934592', // RemoteRoomMailbox
  '17179869184', // RemoteEquipmentMailbox
  '34359738368', // RemoteSharedMailbox
]);

/** The AD user behind a Graph user: by source anchor, then DN, then sAMAccountName. */
export function adUserFor(user: GraphUser, ad: readonly AdUser[] | undefined): AdUser | undefined {
  if (!ad) return undefined;
  const anchor = user.onPremisesImmutableId;
  if (anchor) {
    const hit = ad.find((a) => (a.consistencyGuid ?? a.objectGuid) === anchor || a.objectGuid === anchor);
    if (hit) return hit;
  }
  const dn = user.onPremisesDistinguishedName?.toLowerCase();
  if (dn) {
    const hit = ad.find((a) => a.dn.toLowerCase() === dn);
    if (hit) return hit;
  }
  const sam = user.onPremisesSamAccountName?.toLowerCase();
  return sam ? ad.find((a) => a.sAMAccountName?.toLowerCase() === sam) : undefined;
}

export interface MailboxVerdict {
  owner: boolean | undefined;
  basis: string;
}

/**
 * Whether a user owns a mailbox (either side): from AD's msExchRecipientTypeDetails when LDAP data
 * is present, else from the mailboxSettings probe, else from an enabled Exchange plan.
 */
export function mailboxOwner(
  user: GraphUser,
  ad: readonly AdUser[] | undefined,
  probes: Record<string, GraphMailboxProbe> | undefined,
): MailboxVerdict {
  const adUser = adUserFor(user, ad);
  if (adUser?.msExchRecipientTypeDetails !== undefined)
    return {
      owner: MAILBOX_TYPES.has(adUser.msExchRecipientTypeDetails),
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

export function primarySmtp(user: { proxyAddresses?: string[]; mail?: string | null }): string | undefined {
  const p = user.proxyAddresses?.find((a) => a.startsWith('SMTP:'));
  return (p ? p.slice(5) : (user.mail ?? undefined))?.toLowerCase();
}

export function suffixOf(upn: string | null | undefined): string | undefined {
  const at = upn?.lastIndexOf('@') ?? -1;
  return at >= 0 ? upn!.slice(at + 1).toLowerCase() : undefined;
}
