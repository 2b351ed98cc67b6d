/** mailboxSettings probes of the users whose cloud mailbox state decides a check. */

import type { ExoMailboxList } from '../../evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../../evidence/graph.ts';
import type { CollectContext } from '../types.ts';
import { type GraphApi, GraphRequestError } from './client.ts';

/**
 * Mailbox probes for SUSPECTS only, never for everyone: a mailboxSettings call per user costs one
 * request each and needs MailboxSettings.Read. A user is a suspect when its cloud mailbox state
 * decides a check: it has a directory-sync provisioning error (sync.provisioning-errors fails only
 * for mailbox owners), an unresolved Exchange provisioning error, a synced UPN that fell back to
 * *.onmicrosoft.com (sync.upn-routable), or it is a configured probe user (probes.*); then, for the
 * mailbox placement checks (mbx.*), users with an Exchange Online plan, then other mail-enabled
 * users. At most graph.maxMailboxProbes users, first by that order (the mbx.* findings say when a
 * mailbox user was left out).
 */
export function pickSuspects(
  users: readonly GraphUser[],
  probes: { onPremisesMailbox?: string; cloudMailbox?: string } | undefined,
  max: number,
): Suspect[] {
  const picker = new SuspectPicker(probes, max);
  picker.add(users);
  return picker.suspects();
}

type Suspect = { user: GraphUser; reason: string };

/** The suspect kinds before the configured probe users, then after them, each in its order. */
const BEFORE_PROBES: [string, (u: GraphUser) => boolean][] = [
  ['directory-sync provisioning error', (u) => (u.onPremisesProvisioningErrors ?? []).length > 0],
  [
    'unresolved Exchange Online provisioning error',
    (u) =>
      (u.serviceProvisioningErrors ?? []).some(
        (e) => !e.isResolved && e.serviceInstance?.toLowerCase().startsWith('exchange/'),
      ),
  ],
  [
    'synced UPN on *.onmicrosoft.com',
    (u) => Boolean(u.onPremisesSyncEnabled) && /\.onmicrosoft\.com$/i.test(u.userPrincipalName),
  ],
];
// Mailbox placement (mbx.*): then every user that may own a mailbox on either side, most telling
// first — an Exchange plan (a duplicate on-prem/EXO mailbox or a cloud mailbox), then other
// mail-enabled users (remote mailboxes without a plan, on-prem mailboxes). Bounded by max.
const AFTER_PROBES: [string, (u: GraphUser) => boolean][] = [
  ['mailbox placement: Exchange Online plan', hasExchangePlan],
  ['mailbox placement: mail-enabled user', isMailEnabled],
];
const KINDS = [...BEFORE_PROBES, ...AFTER_PROBES];

/**
 * pickSuspects fed page by page, as the users arrive (the collector sorts each page while the next
 * one is on its way). The suspects are the users of each kind in user order, kind after kind, each
 * user under the first kind it has, the configured probe users (the first user matching each
 * address) after the first three kinds, at most `max` in all. Each kind keeps only its first `max`
 * users: no later one can make the cut (a probe user met again in a later kind takes a place of the
 * cut already, so it frees none).
 */
export class SuspectPicker {
  private readonly byKind: Suspect[][] = KINDS.map(() => []);
  private readonly probes: { kind: string; address: string; smtp: string; user?: GraphUser }[];

  constructor(
    probes: { onPremisesMailbox?: string; cloudMailbox?: string } | undefined,
    private readonly max: number,
  ) {
    this.probes = Object.entries(probes ?? {})
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([kind, address]) => ({
        kind,
        address: address.toLowerCase(),
        smtp: `smtp:${address.toLowerCase()}`,
      }));
  }

  add(users: readonly GraphUser[]): void {
    for (const u of users) {
      for (const p of this.probes) if (!p.user && matches(u, p)) p.user = u;
      const kind = KINDS.findIndex(([, test]) => test(u));
      if (kind >= 0 && this.byKind[kind]!.length < this.max)
        this.byKind[kind]!.push({ user: u, reason: KINDS[kind]![0] });
    }
  }

  suspects(): Suspect[] {
    const out = new Map<string, Suspect>();
    const add = (list: readonly Suspect[]) => {
      for (const s of list) {
        if (out.size >= this.max) return;
        if (!out.has(s.user.id)) out.set(s.user.id, s);
      }
    };
    for (let k = 0; k < BEFORE_PROBES.length; k++) add(this.byKind[k]!);
    add(
      this.probes.flatMap((p) =>
        p.user ? [{ user: p.user, reason: `configured probe user (probes.${p.kind})` }] : [],
      ),
    );
    for (let k = BEFORE_PROBES.length; k < KINDS.length; k++) add(this.byKind[k]!);
    return [...out.values()];
  }
}

function matches(u: GraphUser, probe: { address: string; smtp: string }): boolean {
  return (
    u.userPrincipalName.toLowerCase() === probe.address ||
    u.mail?.toLowerCase() === probe.address ||
    u.proxyAddresses.some((p) => p.toLowerCase() === probe.smtp)
  );
}

function hasExchangePlan(u: GraphUser): boolean {
  return (u.assignedPlans ?? []).some((p) => p.service?.toLowerCase() === 'exchange');
}

function isMailEnabled(u: GraphUser): boolean {
  return Boolean(u.mail) || u.proxyAddresses.some((p) => /^smtp:/i.test(p));
}

/** Probes the suspects (pickSuspects / SuspectPicker) of the whole user list. */
export async function probeMailboxes(
  ctx: CollectContext,
  api: GraphApi,
  suspects: readonly Suspect[],
): Promise<Record<string, GraphMailboxProbe>> {
  if (suspects.length === 0) return {};
  // The whole Exchange Online mailbox list answers every user without a request: no probes. Only
  // this step waits for the exo source (a `uses` edge would hold up every Graph artifact).
  const exo = (await ctx.after('exo')) ? ctx.get('exo.mailboxes') : undefined;
  if (exo?.complete) return answerFromMailboxList(suspects, exo);
  ctx.progress(`mailboxSettings of ${suspects.length} suspect users`);
  const answers = await api.batch(
    suspects.map((s, i) => ({
      id: String(i),
      url: `/users/${s.user.id}/mailboxSettings?$select=userPurpose`,
    })),
  );
  const out: Record<string, GraphMailboxProbe> = {};
  let forbidden = 0;
  suspects.forEach((s, i) => {
    const a = answers.get(String(i));
    const body = (a?.body ?? {}) as { userPurpose?: string; error?: { code?: string; message?: string } };
    const probe: GraphMailboxProbe = {
      userId: s.user.id,
      userPrincipalName: s.user.userPrincipalName,
      reason: s.reason,
      mailbox: 'error',
      ...(a ? { httpStatus: a.status } : {}),
    };
    if (a?.status === 200) {
      probe.mailbox = 'cloud';
      if (body.userPurpose) probe.userPurpose = body.userPurpose;
    } else if (a?.status === 404) {
      probe.mailbox = 'not-in-cloud';
      if (body.error?.code) probe.code = body.error.code;
    } else {
      if (a?.status === 403) forbidden++;
      probe.code = body.error?.code ?? `HTTP_${a?.status ?? 0}`;
    }
    out[s.user.userPrincipalName.toLowerCase()] = probe;
  });
  if (forbidden === suspects.length) {
    throw new GraphRequestError(
      'mailboxSettings: HTTP 403 for every probe',
      403,
      'ErrorAccessDenied',
      'GET /users/{id}/mailboxSettings',
    );
  }
  return out;
}

/** Recipient types of Exchange Online → the userPurpose mailboxSettings would answer. */
const PURPOSE: Record<string, string> = {
  UserMailbox: 'user',
  SharedMailbox: 'shared',
  RoomMailbox: 'room',
  EquipmentMailbox: 'equipment',
  LinkedMailbox: 'linked',
};

/**
 * The probe answers, read from the complete Exchange Online mailbox list (exo.mailboxes) instead of
 * one mailboxSettings request per user: a user owns a cloud mailbox when a row carries its Entra
 * object id (ExternalDirectoryObjectId), or else its UPN; a user with no row has none. The same
 * suspects as the probes, so the checks see the same shape; `reason` says where the answer came from.
 */
function answerFromMailboxList(
  suspects: readonly { user: GraphUser; reason: string }[],
  list: ExoMailboxList,
): Record<string, GraphMailboxProbe> {
  const byId = new Map<string, ExoMailboxList['mailboxes'][number]>();
  const byUpn = new Map<string, ExoMailboxList['mailboxes'][number]>();
  for (const m of list.mailboxes) {
    if (m.externalDirectoryObjectId) byId.set(m.externalDirectoryObjectId.toLowerCase(), m);
    if (m.userPrincipalName) byUpn.set(m.userPrincipalName.toLowerCase(), m);
  }
  const out: Record<string, GraphMailboxProbe> = {};
  for (const s of suspects) {
    const upn = s.user.userPrincipalName.toLowerCase();
    const row = byId.get(s.user.id.toLowerCase()) ?? byUpn.get(upn);
    const probe: GraphMailboxProbe = {
      userId: s.user.id,
      userPrincipalName: s.user.userPrincipalName,
      reason: `${s.reason}; answered from the Exchange Online mailbox list (no mailboxSettings request)`,
      mailbox: row ? 'cloud' : 'not-in-cloud',
    };
    if (row) probe.userPurpose = PURPOSE[row.recipientTypeDetails] ?? 'others';
    out[upn] = probe;
  }
  return out;
}
