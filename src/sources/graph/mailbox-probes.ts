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
): { user: GraphUser; reason: string }[] {
  const out = new Map<string, { user: GraphUser; reason: string }>();
  // Suspects are taken in this order until `max`: once it is reached nothing later can get in, so
  // the remaining passes over every user are skipped.
  const full = () => out.size >= max;
  const add = (user: GraphUser, reason: string) => {
    if (!out.has(user.id)) out.set(user.id, { user, reason });
  };
  const pass = (test: (u: GraphUser) => boolean, reason: string) => {
    for (const u of users) {
      if (full()) return;
      if (test(u)) add(u, reason);
    }
  };
  pass((u) => (u.onPremisesProvisioningErrors ?? []).length > 0, 'directory-sync provisioning error');
  pass(
    (u) =>
      (u.serviceProvisioningErrors ?? []).some(
        (e) => !e.isResolved && e.serviceInstance?.toLowerCase().startsWith('exchange/'),
      ),
    'unresolved Exchange Online provisioning error',
  );
  pass(
    (u) => Boolean(u.onPremisesSyncEnabled) && /\.onmicrosoft\.com$/i.test(u.userPrincipalName),
    'synced UPN on *.onmicrosoft.com',
  );
  for (const [kind, address] of Object.entries(probes ?? {})) {
    if (full()) break;
    if (typeof address !== 'string') continue;
    const a = address.toLowerCase();
    const smtp = `smtp:${a}`;
    const u = users.find(
      (x) =>
        x.userPrincipalName.toLowerCase() === a ||
        x.mail?.toLowerCase() === a ||
        x.proxyAddresses.some((p) => p.toLowerCase() === smtp),
    );
    if (u) add(u, `configured probe user (probes.${kind})`);
  }
  // Mailbox placement (mbx.*): then every user that may own a mailbox on either side, most telling
  // first — an Exchange plan (a duplicate on-prem/EXO mailbox or a cloud mailbox), then other
  // mail-enabled users (remote mailboxes without a plan, on-prem mailboxes). Bounded by max.
  pass(hasExchangePlan, 'mailbox placement: Exchange Online plan');
  pass(isMailEnabled, 'mailbox placement: mail-enabled user');
  return [...out.values()].slice(0, max);
}

function hasExchangePlan(u: GraphUser): boolean {
  return (u.assignedPlans ?? []).some((p) => p.service?.toLowerCase() === 'exchange');
}

function isMailEnabled(u: GraphUser): boolean {
  return Boolean(u.mail) || u.proxyAddresses.some((p) => /^smtp:/i.test(p));
}

export async function probeMailboxes(
  ctx: CollectContext,
  api: GraphApi,
  users: readonly GraphUser[],
): Promise<Record<string, GraphMailboxProbe>> {
  const max = ctx.config.graph?.maxMailboxProbes ?? 40;
  const suspects = pickSuspects(users, ctx.config.probes, max);
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
