/**
 * The mailboxes view: every AD mail user with what AD says (recipient type), what Entra says
 * (the joined user) and what Exchange Online says (the mailboxSettings probe, and the optional
 * Get-EXOMailbox export), reduced to one location: on-premises, cloud, both or none.
 */
import type { GraphMailboxProbe, GraphUser } from '../evidence/graph.ts';
import type { AdUser } from '../evidence/ldap.ts';
import type { ExoMailbox, ExoMailboxIndex } from './exo-mailboxes.ts';
import { primarySmtpOf } from './primary-smtp.ts';
import { recipientKind, recipientTypeName } from './recipient-types.ts';
import type { UsersView } from './users.ts';

type AdPlacement = 'onprem' | 'remote' | 'public-folder' | 'other' | 'none';

export function adPlacement(u: AdUser): AdPlacement {
  switch (recipientKind(u.msExchRecipientTypeDetails)) {
    case 'onprem-mailbox':
      return 'onprem';
    case 'remote-mailbox':
      return 'remote';
    case 'public-folder-mailbox':
      return 'public-folder';
    case 'other':
      return 'other';
    case 'none':
      return 'none';
  }
}

export function typeName(u: AdUser): string | undefined {
  return recipientTypeName(u.msExchRecipientTypeDetails);
}

/** What the cloud says about a user's Exchange Online mailbox. */
type CloudState =
  /** mailboxSettings answered 200. */
  | 'cloud'
  /** mailboxSettings answered 404 (MailboxNotEnabledForRESTAPI and the like). */
  | 'not-in-cloud'
  /** The probe failed (403, 5xx…): unknown. */
  | 'probe-error'
  /** The user was not probed (graph.maxMailboxProbes reached, or probes off). */
  | 'not-probed'
  /** No Entra user for this AD user. */
  | 'no-entra-user';

/** Where the mailbox is, all evidence together. */
type Location = 'on-premises' | 'cloud' | 'both' | 'none';

export interface MailboxUser {
  /** UPN (AD's, else Entra's), or the DN. */
  name: string;
  primarySmtp?: string;
  ad?: AdUser;
  graph?: GraphUser;
  placement: AdPlacement;
  cloud: CloudState;
  probe?: GraphMailboxProbe;
  /** The Get-EXOMailbox row, when the export was given. */
  exo?: ExoMailbox;
  location: Location;
}

export interface Placement {
  /** AD users with a mailbox-type recipient (on-prem, remote, public folder, other recipient types). */
  adUsers: MailboxUser[];
  /** Entra users not synchronised from AD (onPremisesSyncEnabled is not true). */
  cloudOnly: MailboxUser[];
  /** Synced Entra users the AD read did not contain (another forest or OU outside the read). */
  unmatchedSynced: GraphUser[];
}

function probeOf(
  g: GraphUser | undefined,
  probes: Record<string, GraphMailboxProbe> | undefined,
): { cloud: CloudState; probe?: GraphMailboxProbe } {
  if (!g) return { cloud: 'no-entra-user' };
  const probe = probes?.[g.userPrincipalName.toLowerCase()];
  if (!probe) return { cloud: 'not-probed' };
  const cloud =
    probe.mailbox === 'cloud' ? 'cloud' : probe.mailbox === 'not-in-cloud' ? 'not-in-cloud' : 'probe-error';
  return { cloud, probe };
}

/** A Get-EXOMailbox row is a mailbox hosted in Exchange Online (not a MailUser stub). */
function hostsCloudMailbox(m: ExoMailbox | undefined): boolean {
  return Boolean(m && /mailbox$/i.test(m.recipientTypeDetails) && !/^remote/i.test(m.recipientTypeDetails));
}

function locationOf(placement: AdPlacement, cloud: CloudState, exo: ExoMailbox | undefined): Location {
  const onPrem = placement === 'onprem' || placement === 'public-folder';
  const inCloud =
    hostsCloudMailbox(exo) || cloud === 'cloud' || (placement === 'remote' && cloud !== 'not-in-cloud');
  if (onPrem && inCloud) return 'both';
  if (onPrem) return 'on-premises';
  return inCloud ? 'cloud' : 'none';
}

interface MailboxSources {
  users: UsersView;
  adUsers: readonly AdUser[];
  graphUsers: readonly GraphUser[] | undefined;
  probes: Record<string, GraphMailboxProbe> | undefined;
  exo: ExoMailboxIndex | undefined;
}

/** Every AD mail user and every cloud-only Entra user, with its placement. */
export function buildPlacement({ users, adUsers, graphUsers, probes, exo }: MailboxSources): Placement {
  const out: MailboxUser[] = [];
  for (const ad of adUsers) {
    const placement = adPlacement(ad);
    if (placement === 'none') continue;
    const graph = users.graphFor(ad);
    const state = graphUsers ? probeOf(graph, probes) : { cloud: 'not-probed' as const };
    const exoRow = graph ? exo?.forUser(graph) : undefined;
    const primarySmtp = primarySmtpOf(ad);
    out.push({
      name: ad.userPrincipalName ?? graph?.userPrincipalName ?? ad.dn,
      ...(primarySmtp ? { primarySmtp } : {}),
      ad,
      ...(graph ? { graph } : {}),
      placement,
      ...state,
      ...(exoRow ? { exo: exoRow } : {}),
      location: locationOf(placement, state.cloud, exoRow),
    });
  }
  const cloudOnly = (graphUsers ?? [])
    .filter((g) => g.onPremisesSyncEnabled !== true)
    .map((g): MailboxUser => {
      const state = probeOf(g, probes);
      const exoRow = exo?.forUser(g);
      const primarySmtp = primarySmtpOf(g);
      return {
        name: g.userPrincipalName,
        ...(primarySmtp ? { primarySmtp } : {}),
        graph: g,
        placement: 'none',
        ...state,
        ...(exoRow ? { exo: exoRow } : {}),
        location: locationOf('none', state.cloud, exoRow),
      };
    });
  return { adUsers: out, cloudOnly, unmatchedSynced: users.graphOnly };
}
