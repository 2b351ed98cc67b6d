/**
 * The user-sized records of a scan in less memory, with the same JSON: at 100k users each copy of
 * a repeated value costs megabytes. A record's fields that hold the same text as another field of
 * it (mail = UPN) point at one string; values many records repeat (a probe's reason, a mailbox
 * type, a licence plan) are one instance; empty lists are one frozen empty array. Shared values
 * are frozen so a mutation fails loudly instead of changing every record that shares them; the
 * checks never write to evidence.
 */
import type { ExoMailbox } from '../evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../evidence/graph.ts';
import type { AdUser } from '../evidence/ldap.ts';
import { sharedStrings } from './intern.ts';

const EMPTY: never[] = Object.freeze([]) as never[];

/** Makes `record[to]` the same string instance as `record[from]` when the two are equal. */
function alias<T extends object>(record: T, from: keyof T, to: keyof T): void {
  const a = record[from];
  if (typeof a === 'string' && record[to] === a) record[to] = a;
}

type Plan = NonNullable<GraphUser['assignedPlans']>[number];

/** One frozen instance per distinct plan (most users of a tenant carry the same dozens of plans). */
function planPool(maxDistinct = 10_000): (plan: Plan) => Plan {
  const pool = new Map<string, Plan>();
  return (plan) => {
    if (!plan || typeof plan !== 'object') return plan;
    const key = JSON.stringify(plan);
    const shared = pool.get(key);
    if (shared) return shared;
    if (pool.size < maxDistinct) pool.set(key, Object.freeze(plan));
    return plan;
  };
}

/** Replaces `record[key]` by the shared empty array when it is an empty array (never adds the key). */
function compactList<T extends object>(record: T, key: keyof T): void {
  const list = record[key];
  if (Array.isArray(list) && list.length === 0 && list !== EMPTY) record[key] = EMPTY as T[keyof T];
}

/** A compactor for the Entra users of one scan (one pool of plans per scan). */
export function graphUserCompactor(): (user: GraphUser) => GraphUser {
  const plan = planPool();
  return (u) => {
    alias(u, 'userPrincipalName', 'mail');
    alias(u, 'userPrincipalName', 'onPremisesUserPrincipalName');
    compactList(u, 'proxyAddresses');
    compactList(u, 'onPremisesProvisioningErrors');
    compactList(u, 'serviceProvisioningErrors');
    compactList(u, 'assignedPlans');
    const plans = u.assignedPlans;
    if (Array.isArray(plans) && plans !== EMPTY)
      for (let i = 0; i < plans.length; i++) plans[i] = plan(plans[i]!);
    return u;
  };
}

/** Within-record aliases of an AD user: mail is mostly the UPN, mailNickname the sAMAccountName. */
export function compactAdUser(u: AdUser): AdUser {
  alias(u, 'userPrincipalName', 'mail');
  alias(u, 'sAMAccountName', 'mailNickname');
  return u;
}

const EXO_SHARED_FIELDS = [
  'recipientTypeDetails',
  'archiveStatus',
  'archiveGuid',
] as const satisfies readonly (keyof ExoMailbox)[];

/** A compactor for the rows of one Exchange Online mailbox list. */
export function exoMailboxCompactor(): (row: ExoMailbox) => ExoMailbox {
  const share = sharedStrings<ExoMailbox>(EXO_SHARED_FIELDS);
  return (m) => {
    share(m);
    alias(m, 'primarySmtpAddress', 'userPrincipalName');
    return m;
  };
}

const PROBE_SHARED_FIELDS = [
  'reason',
  'mailbox',
  'code',
  'userPurpose',
] as const satisfies readonly (keyof GraphMailboxProbe)[];

/** A compactor for the mailboxSettings probes of one scan: their reasons repeat for every user. */
export function probeCompactor(): (probe: GraphMailboxProbe) => GraphMailboxProbe {
  return sharedStrings<GraphMailboxProbe>(PROBE_SHARED_FIELDS);
}

/** A probe of the `graph.mailboxProbes` record: its UPN is mostly the record's key (lower-case UPN). */
export function compactProbe(
  compact: (probe: GraphMailboxProbe) => GraphMailboxProbe,
  key: string,
  probe: GraphMailboxProbe,
): GraphMailboxProbe {
  compact(probe);
  if (probe.userPrincipalName === key) probe.userPrincipalName = key;
  return probe;
}
