import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Check } from '../../../src/engine/types.ts';
import type { ExoMailbox, ExoMailboxList } from '../../../src/evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../../../src/evidence/graph.ts';
import { runCheck } from '../../helpers/check.ts';
import { type LdapArtifacts, ldapArtifacts } from '../../helpers/ldap-artifacts.ts';

type SimUser = GraphUser & { mailbox?: 'cloud' | 'onprem' | 'none'; userPurpose?: string };

const USERS = (
  parse(
    readFileSync(
      new URL('../../../fixtures/scenarios/contoso-ready/graph/users.yaml', import.meta.url),
      'utf8',
    ),
  ) as { users: SimUser[] }
).users;

/** contoso-ready as the collectors see it: AD users, Entra users, and every mail user probed. */
export function world(): {
  ldap: LdapArtifacts;
  users: GraphUser[];
  probes: Record<string, GraphMailboxProbe>;
  /** Sets what mailboxSettings answered for a user (cloud → 200, not-in-cloud → 404). */
  probe(upn: string, mailbox: GraphMailboxProbe['mailbox'] | undefined, userPurpose?: string): void;
  graph(upn: string): GraphUser;
} {
  const sim = structuredClone(USERS);
  const users = sim.map(({ mailbox: _, userPurpose: __, ...u }) => u as GraphUser);
  const probes: Record<string, GraphMailboxProbe> = {};
  const probe = (upn: string, mailbox: GraphMailboxProbe['mailbox'] | undefined, userPurpose?: string) => {
    const u = users.find((x) => x.userPrincipalName === upn);
    if (!u) throw new Error(`no Graph user ${upn}`);
    if (!mailbox) {
      delete probes[upn];
      return;
    }
    probes[upn] = {
      userId: u.id,
      userPrincipalName: upn,
      reason: 'test',
      mailbox,
      ...(mailbox === 'cloud'
        ? { httpStatus: 200, userPurpose: userPurpose ?? 'user' }
        : mailbox === 'not-in-cloud'
          ? { httpStatus: 404, code: 'MailboxNotEnabledForRESTAPI' }
          : { httpStatus: 503, code: 'ServiceUnavailable' }),
    };
  };
  for (const s of sim)
    if (s.mail) probe(s.userPrincipalName, s.mailbox === 'cloud' ? 'cloud' : 'not-in-cloud', s.userPurpose);
  const graph = (upn: string) => {
    const u = users.find((x) => x.userPrincipalName === upn);
    if (!u) throw new Error(`no Graph user ${upn}`);
    return u;
  };
  return { ldap: ldapArtifacts(), users, probes, probe, graph };
}

/** A cloud-only user with an Exchange plan (created in the cloud, not synchronised). */
export function cloudOnlyUser(upn: string, plans: GraphUser['assignedPlans'] = [exchangePlan()]): GraphUser {
  return {
    id: `c10d0000-0000-4000-8000-${String(upn.length).padStart(12, '0')}`,
    userPrincipalName: upn,
    mail: upn,
    proxyAddresses: [`SMTP:${upn}`],
    accountEnabled: true,
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    assignedPlans: plans,
  };
}

export function exchangePlan(capabilityStatus = 'Enabled') {
  return {
    capabilityStatus,
    service: 'exchange',
    servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
    assignedDateTime: '2025-03-01T00:00:00Z',
  };
}

/** Runs a mailbox check over a world through the real runner, with optional check options. */
export function runOn(check: Check, w: ReturnType<typeof world>, options?: Record<string, unknown>) {
  return runCheck(check, {
    artifacts: {
      'ldap.users': w.ldap['ldap.users'],
      'graph.users': w.users,
      'graph.mailboxProbes': w.probes,
    },
    ...(options ? { setting: { options } } : {}),
  });
}

/** An Exchange Online mailbox list (Get-Mailbox, live through the Admin API). */
export function exoList(mailboxes: ExoMailbox[], complete = true): ExoMailboxList {
  return { origin: { via: 'admin-api', cmdlet: 'Get-Mailbox' }, complete, mailboxes };
}

/** What Exchange Online lists for contoso-ready: bob and carol hosted in the cloud, MailUsers for alice and dave. */
export function readyList(w: ReturnType<typeof world>): ExoMailbox[] {
  const row = (upn: string, recipientTypeDetails: string): ExoMailbox => ({
    primarySmtpAddress: upn,
    userPrincipalName: upn,
    recipientTypeDetails,
    externalDirectoryObjectId: w.graph(upn).id,
    isDirSynced: true,
  });
  return [
    row('bob@contoso.com', 'UserMailbox'),
    row('carol@contoso.com', 'UserMailbox'),
    row('alice@contoso.com', 'MailUser'),
    row('dave@contoso.com', 'MailUser'),
  ];
}

/** Runs a mailbox check with the mailbox list, and probes only when given. */
export function runWithList(
  check: Check,
  w: ReturnType<typeof world>,
  list: ExoMailboxList,
  opts: { probes?: boolean; options?: Record<string, unknown> } = {},
) {
  return runCheck(check, {
    artifacts: {
      'ldap.users': w.ldap['ldap.users'],
      'graph.users': w.users,
      'exo.mailboxes': list,
      ...(opts.probes ? { 'graph.mailboxProbes': w.probes } : {}),
    },
    ...(opts.options ? { setting: { options: opts.options } } : {}),
  });
}
