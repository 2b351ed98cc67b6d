/**
 * The mailboxes view: every AD mail user with what AD says (recipient type), what Entra says
 * (the joined user) and what Exchange Online says (the mailboxSettings probe, and the optional
 * Get-EXOMailbox export), reduced to one location: on-premises, cloud, both or none.
 */
import type { GraphMailboxProbe, GraphUser } from '../evidence/graph.ts';
import type { AdUser } from '../evidence/ldap.ts';
import { type ExoMailbox, type ExoMailboxIndex, hostsCloudMailbox } from './exo-mailboxes.ts';
import { guidBase64ToText } from './guid.ts';
import { primarySmtpOf, smtpAddresses } from './primary-smtp.ts';
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

/** What the Exchange Online mailbox list (`exo.mailboxes`) says about a user. */
type ListState =
  /** No list was collected: only the probes can tell. */
  | 'no-list'
  /** A row hosts a mailbox in Exchange Online (UserMailbox, SharedMailbox…). */
  | 'hosted'
  /** A row exists but hosts no mailbox (MailUser, RemoteUserMailbox: the mailbox is elsewhere). */
  | 'not-hosted'
  /** No row, and the list is complete: Exchange Online has nothing for this user. */
  | 'absent'
  /** No row, but the list is incomplete (paging stopped): absence proves nothing. */
  | 'not-listed';

/** How a user was tied to its Exchange Online row. */
type ExoMatch = 'exchangeGuid' | 'entra' | 'address';

export interface MailboxUser {
  /** UPN (AD's, else Entra's), or the DN. */
  name: string;
  primarySmtp?: string;
  ad?: AdUser;
  graph?: GraphUser;
  placement: AdPlacement;
  cloud: CloudState;
  probe?: GraphMailboxProbe;
  /** The Exchange Online row (hosting one preferred), when the mailbox list has one. */
  exo?: ExoMailbox;
  /** How `exo` was found: AD msExchMailboxGuid = ExchangeGuid, the Entra user, or an address. */
  exoMatch?: ExoMatch;
  /** Every distinct row the user matched (more than one: two objects claim the user). */
  exoRows?: ExoMailbox[];
  listed: ListState;
  /** AD msExchMailboxGuid as GUID text (Exchange's ExchangeGuid form). */
  exchangeGuid?: string;
  location: Location;
}

/** Whether the user has an Exchange Online mailbox, and what says so: the list first, the probe where it cannot answer. */
export interface CloudMailbox {
  has: 'yes' | 'no' | 'unknown' | 'error' | 'no-entra-user';
  basis: 'mailbox list' | 'mailboxSettings probe' | 'none';
}

export function cloudMailboxOf(u: MailboxUser): CloudMailbox {
  if (u.listed === 'hosted') return { has: 'yes', basis: 'mailbox list' };
  if (u.listed === 'not-hosted' || u.listed === 'absent') return { has: 'no', basis: 'mailbox list' };
  switch (u.cloud) {
    case 'cloud':
      return { has: 'yes', basis: 'mailboxSettings probe' };
    case 'not-in-cloud':
      return { has: 'no', basis: 'mailboxSettings probe' };
    case 'probe-error':
      return { has: 'error', basis: 'mailboxSettings probe' };
    case 'not-probed':
      return { has: 'unknown', basis: 'none' };
    case 'no-entra-user':
      return { has: 'no-entra-user', basis: 'none' };
  }
}

export interface Placement {
  /** AD users with a mailbox-type recipient (on-prem, remote, public folder, other recipient types). */
  adUsers: MailboxUser[];
  /** Entra users not synchronised from AD (onPremisesSyncEnabled is not true). */
  cloudOnly: MailboxUser[];
  /** Synced Entra users the AD read did not contain (another forest or OU outside the read). */
  unmatchedSynced: GraphUser[];
  /** Rows of the Exchange Online list hosting a mailbox that no AD or Entra user matched. */
  exoUnmatched: ExoMailbox[];
  /** The mailbox list was collected, and whether it is complete. */
  exoList?: { complete: boolean; rows: number };
}

// Shared answers for the states that carry no probe: one object per user adds up at 100k.
const NO_ENTRA_USER: { cloud: CloudState } = Object.freeze({ cloud: 'no-entra-user' });
const NOT_PROBED: { cloud: CloudState } = Object.freeze({ cloud: 'not-probed' });
const NO_LIST: ExoJoin = Object.freeze({ listed: 'no-list' });
const ABSENT: ExoJoin = Object.freeze({ listed: 'absent' });
const NOT_LISTED: ExoJoin = Object.freeze({ listed: 'not-listed' });

function probeOf(
  g: GraphUser | undefined,
  probes: Record<string, GraphMailboxProbe> | undefined,
): { cloud: CloudState; probe?: GraphMailboxProbe } {
  if (!g) return NO_ENTRA_USER;
  const probe = probes?.[g.userPrincipalName.toLowerCase()];
  if (!probe) return NOT_PROBED;
  const cloud =
    probe.mailbox === 'cloud' ? 'cloud' : probe.mailbox === 'not-in-cloud' ? 'not-in-cloud' : 'probe-error';
  return { cloud, probe };
}

function locationOf(placement: AdPlacement, cloud: CloudState, listed: ListState): Location {
  const onPrem = placement === 'onprem' || placement === 'public-folder';
  // A row of the mailbox list decides (a complete list also by absence); otherwise the probe does.
  const inCloud =
    listed === 'hosted'
      ? true
      : listed === 'not-hosted' || listed === 'absent'
        ? false
        : cloud === 'cloud' || (placement === 'remote' && cloud !== 'not-in-cloud');
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

interface ExoJoin {
  exo?: ExoMailbox;
  exoMatch?: ExoMatch;
  exoRows?: ExoMailbox[];
  listed: ListState;
}

/**
 * The Exchange Online rows of one user: by ExchangeGuid (AD msExchMailboxGuid, stored in AD byte
 * order, = Get-Mailbox ExchangeGuid), by the Entra user (object id, UPN, addresses), by the AD
 * addresses. A row hosting a mailbox is preferred, so a second mailbox is never hidden behind the
 * MailUser that represents the on-premises one.
 */
function joinExo(
  exo: ExoMailboxIndex | undefined,
  ad: AdUser | undefined,
  graph: GraphUser | undefined,
  exchangeGuid: string | undefined,
): ExoJoin {
  if (!exo) return NO_LIST;
  // Parallel arrays, no closure or temporary address list: this runs for every user of a scan.
  const rows: ExoMailbox[] = [];
  const bys: ExoMatch[] = [];
  if (exchangeGuid) addRow(rows, bys, exo.byExchangeGuid(exchangeGuid), 'exchangeGuid');
  // The address keys already looked up: AD's UPN, mail and proxies mostly repeat Entra's (and
  // each other), and a key asked twice can only find the row it found the first time.
  const asked: string[] = [];
  if (graph) addRow(rows, bys, exo.forUser(graph, asked), 'entra');
  if (ad) {
    if (ad.userPrincipalName) askAddress(exo, rows, bys, asked, ad.userPrincipalName.trim().toLowerCase());
    if (ad.mail) askAddress(exo, rows, bys, asked, ad.mail.trim().toLowerCase());
    for (const a of smtpAddresses(ad.proxyAddresses).all) askAddress(exo, rows, bys, asked, a);
  }
  if (rows.length === 0) return exo.complete ? ABSENT : NOT_LISTED;
  let pick = rows.findIndex(hostsCloudMailbox);
  if (pick < 0) pick = 0;
  const row = rows[pick]!;
  const join: ExoJoin = {
    exo: row,
    exoMatch: bys[pick]!,
    listed: hostsCloudMailbox(row) ? 'hosted' : 'not-hosted',
  };
  if (rows.length > 1) join.exoRows = rows;
  return join;
}

function askAddress(
  exo: ExoMailboxIndex,
  rows: ExoMailbox[],
  bys: ExoMatch[],
  asked: string[],
  key: string,
): void {
  if (!key || asked.includes(key)) return;
  asked.push(key);
  addRow(rows, bys, exo.byAddressKey(key), 'address');
}

function addRow(rows: ExoMailbox[], bys: ExoMatch[], row: ExoMailbox | undefined, by: ExoMatch): void {
  if (row && !rows.includes(row)) {
    rows.push(row);
    bys.push(by);
  }
}

/**
 * One placement record, its properties set in one fixed order and only when present (as the
 * evidence and `in` tests expect): assignments instead of object spreads, which V8 copies slowly
 * and which made this the costliest step of evaluating a large organisation.
 */
function mailboxUser(
  name: string,
  primarySmtp: string | undefined,
  ad: AdUser | undefined,
  graph: GraphUser | undefined,
  placement: AdPlacement,
  state: { cloud: CloudState; probe?: GraphMailboxProbe },
  join: ExoJoin,
  exchangeGuid: string | undefined,
): MailboxUser {
  const u = { name } as MailboxUser;
  if (primarySmtp) u.primarySmtp = primarySmtp;
  if (ad) u.ad = ad;
  if (graph) u.graph = graph;
  u.placement = placement;
  u.cloud = state.cloud;
  if (state.probe) u.probe = state.probe;
  if (join.exo) u.exo = join.exo;
  if (join.exoMatch) u.exoMatch = join.exoMatch;
  if (join.exoRows) u.exoRows = join.exoRows;
  u.listed = join.listed;
  if (exchangeGuid) u.exchangeGuid = exchangeGuid;
  u.location = locationOf(placement, state.cloud, join.listed);
  return u;
}

/** Every AD mail user and every cloud-only Entra user, with its placement. */
export function buildPlacement({ users, adUsers, graphUsers, probes, exo }: MailboxSources): Placement {
  const out: MailboxUser[] = [];
  const matched = new Set<ExoMailbox>();
  const remember = (j: ExoJoin) => {
    if (j.exoRows) for (const r of j.exoRows) matched.add(r);
    else if (j.exo) matched.add(j.exo);
  };
  for (const ad of adUsers) {
    const placement = adPlacement(ad);
    if (placement === 'none') continue;
    const graph = users.graphFor(ad);
    const state = graphUsers ? probeOf(graph, probes) : NOT_PROBED;
    const exchangeGuid = ad.mailboxGuid ? guidBase64ToText(ad.mailboxGuid) : undefined;
    const join = joinExo(exo, ad, graph, exchangeGuid);
    remember(join);
    const name = ad.userPrincipalName ?? graph?.userPrincipalName ?? ad.dn;
    out.push(mailboxUser(name, primarySmtpOf(ad), ad, graph, placement, state, join, exchangeGuid));
  }
  const cloudOnly: MailboxUser[] = [];
  for (const g of graphUsers ?? []) {
    if (g.onPremisesSyncEnabled === true) continue;
    const join = joinExo(exo, undefined, g, undefined);
    remember(join);
    const state = probeOf(g, probes);
    cloudOnly.push(
      mailboxUser(g.userPrincipalName, primarySmtpOf(g), undefined, g, 'none', state, join, undefined),
    );
  }
  // Synced Entra users outside the AD read still own their rows: those are not unmatched.
  for (const g of users.graphOnly) {
    const row = exo?.forUser(g);
    if (row) matched.add(row);
  }
  const exoUnmatched = (exo?.all ?? []).filter((m) => hostsCloudMailbox(m) && !matched.has(m));
  return {
    adUsers: out,
    cloudOnly,
    unmatchedSynced: users.graphOnly,
    exoUnmatched,
    ...(exo ? { exoList: { complete: exo.complete, rows: exo.all.length } } : {}),
  };
}
