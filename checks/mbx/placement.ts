/**
 * Mailbox placement model shared by the mbx.* checks: every mailbox user with what AD says
 * (recipient type), what Entra says (sync state, Exchange plans) and what Exchange Online
 * answered (the mailboxSettings probe). Built on the one AD⇄Entra join of src/model.
 */
import { z } from 'zod';
import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { joinUsers } from '../../src/model/ad-entra-join.ts';
import {
  parseBig,
  RECIPIENT_TYPE,
  recipientTypeName,
  smtpAddresses,
} from '../../src/model/exchange-flags.ts';

export const MAILBOX_SETTINGS_DOCS =
  'https://learn.microsoft.com/graph/api/resources/mailboxsettings#properties';

/** msExchRecipientTypeDetails of a public folder mailbox (not in RECIPIENT_TYPE). */
export const PUBLIC_FOLDER_MAILBOX = 68719476736n;
/** On-prem mailbox types: User, Linked, Shared, Room, Equipment. */
export const ONPREM_TYPES: ReadonlySet<bigint> = new Set([1n, 2n, 4n, 16n, 32n]);
export const REMOTE_TYPES: ReadonlySet<bigint> = new Set([
  RECIPIENT_TYPE.RemoteUserMailbox,
  RECIPIENT_TYPE.RemoteRoomMailbox,
  RECIPIENT_TYPE.RemoteEquipmentMailbox,
  RECIPIENT_TYPE.RemoteSharedMailbox,
]);

/** Options every check that reads assignedPlans takes: the service string is unconfirmed. */
export const planOptions = {
  /** assignedPlans[].service values that mean Exchange Online (unconfirmed; "exchange" observed). */
  exchangeServices: z.array(z.string()).default(['exchange']),
};

export type AdPlacement = 'onprem' | 'remote' | 'public-folder' | 'other' | 'none';

export function adPlacement(u: AdUser): AdPlacement {
  const v = parseBig(u.msExchRecipientTypeDetails);
  if (v === undefined) return 'none';
  if (ONPREM_TYPES.has(v)) return 'onprem';
  if (REMOTE_TYPES.has(v)) return 'remote';
  if (v === PUBLIC_FOLDER_MAILBOX) return 'public-folder';
  return 'other';
}

export function typeName(u: AdUser): string | undefined {
  return parseBig(u.msExchRecipientTypeDetails) === PUBLIC_FOLDER_MAILBOX
    ? 'PublicFolderMailbox'
    : recipientTypeName(u.msExchRecipientTypeDetails);
}

/** What the cloud says about a user's Exchange Online mailbox. */
export type CloudState =
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

export interface Plans {
  /** Exchange plans (by the configured service strings). */
  exchange: NonNullable<GraphUser['assignedPlans']>;
  enabled: boolean;
  /** capabilityStatus Warning: the grace period after a subscription lapsed. */
  grace: boolean;
}

export function exchangePlans(g: GraphUser | undefined, services: readonly string[]): Plans {
  const wanted = new Set(services.map((s) => s.toLowerCase()));
  const exchange = (g?.assignedPlans ?? []).filter((p) => wanted.has((p.service ?? '').toLowerCase()));
  return {
    exchange,
    enabled: exchange.some((p) => p.capabilityStatus === 'Enabled'),
    grace: exchange.some((p) => p.capabilityStatus === 'Warning'),
  };
}

export interface MailboxUser {
  /** UPN (AD's, else Entra's), or the DN. */
  name: string;
  primarySmtp?: string;
  ad?: AdUser;
  graph?: GraphUser;
  placement: AdPlacement;
  cloud: CloudState;
  probe?: GraphMailboxProbe;
}

export function probeOf(
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

export interface Placement {
  /** AD users with a mailbox-type recipient (on-prem, remote, public folder, other recipient types). */
  adUsers: MailboxUser[];
  /** Entra users not synchronised from AD (onPremisesSyncEnabled is not true). */
  cloudOnly: MailboxUser[];
  /** Synced Entra users the AD read did not contain (another forest or OU outside the read). */
  unmatchedSynced: GraphUser[];
}

/** Joins AD mail users to Entra users (src/model join) and to their mailbox probes. */
export function buildPlacement(
  adUsers: readonly AdUser[],
  graphUsers: readonly GraphUser[] | undefined,
  probes: Record<string, GraphMailboxProbe> | undefined,
): Placement {
  const join = joinUsers(adUsers, graphUsers ?? []);
  const pairOf = new Map(join.pairs.map((p) => [p.ad, p.graph]));
  const out: MailboxUser[] = [];
  for (const ad of adUsers) {
    const placement = adPlacement(ad);
    if (placement === 'none') continue;
    const graph = pairOf.get(ad);
    out.push({
      name: ad.userPrincipalName ?? graph?.userPrincipalName ?? ad.dn,
      ...primary(ad.proxyAddresses, ad.mail),
      ad,
      ...(graph ? { graph } : {}),
      placement,
      ...(graphUsers ? probeOf(graph, probes) : { cloud: 'not-probed' as const }),
    });
  }
  const cloudOnly = (graphUsers ?? [])
    .filter((g) => g.onPremisesSyncEnabled !== true)
    .map(
      (g): MailboxUser => ({
        name: g.userPrincipalName,
        ...primary(g.proxyAddresses, g.mail ?? undefined),
        graph: g,
        placement: 'none',
        ...probeOf(g, probes),
      }),
    );
  return { adUsers: out, cloudOnly, unmatchedSynced: join.graphOnly };
}

function primary(proxyAddresses: readonly string[], mail: string | undefined): { primarySmtp?: string } {
  const p = smtpAddresses(proxyAddresses).primary ?? mail?.toLowerCase();
  return p ? { primarySmtp: p } : {};
}

/** Evidence a person needs to verify a user's placement by hand. */
export function evidenceOf(u: MailboxUser, plans?: Plans): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (u.primarySmtp) e.primarySmtp = u.primarySmtp;
  if (u.ad) {
    e.dn = u.ad.dn;
    e.recipientType = typeName(u.ad);
    e.msExchRecipientTypeDetails = u.ad.msExchRecipientTypeDetails;
    if (u.ad.msExchRemoteRecipientType) e.msExchRemoteRecipientType = u.ad.msExchRemoteRecipientType;
    if (u.ad.targetAddress) e.targetAddress = u.ad.targetAddress;
    if (u.ad.homeMDB) e.homeMDB = u.ad.homeMDB;
    e.msExchMailboxGuid = u.ad.mailboxGuid ?? null;
  }
  if (u.graph) {
    e.entraUser = u.graph.userPrincipalName;
    e.onPremisesSyncEnabled = u.graph.onPremisesSyncEnabled ?? null;
  }
  e.cloudMailbox = probeEvidence(u);
  if (plans) e.exchangePlans = plans.exchange.map((p) => `${p.service}:${p.capabilityStatus ?? '?'}`);
  return e;
}

function probeEvidence(u: MailboxUser): string {
  switch (u.cloud) {
    case 'cloud':
      return `mailboxSettings 200${u.probe?.userPurpose ? ` (userPurpose ${u.probe.userPurpose})` : ''}`;
    case 'not-in-cloud':
      return `mailboxSettings ${u.probe?.httpStatus ?? 404} ${u.probe?.code ?? ''}`.trim();
    case 'probe-error':
      return `mailboxSettings failed: ${u.probe?.httpStatus ?? '?'} ${u.probe?.code ?? ''}`.trim();
    case 'not-probed':
      return 'not probed (graph.maxMailboxProbes reached, or probes off)';
    case 'no-entra-user':
      return 'no Entra user joined to this AD user';
  }
}

/** The sentence findings use when the probe budget left users out. */
export function budgetNote(n: number): string {
  return `${n} user(s) were not probed: the mailboxSettings probe budget (graph.maxMailboxProbes) was used up; raise it to cover every mailbox user`;
}
