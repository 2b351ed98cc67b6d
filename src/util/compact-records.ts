/**
 * The user-sized records of a scan in less memory, with the same JSON: at 100k users each copy of
 * a repeated value costs megabytes. Values many records repeat (a probe's reason, a mailbox type,
 * a licence plan) are one instance; a record's fields that hold the same text as another field of
 * it (mail = UPN) point at one string; empty lists are one frozen empty array. Given an identity
 * pool (`internPool`), the identities themselves (UPNs, addresses, DNs, object ids) are one
 * instance across all the user lists: AD, Entra and Exchange Online each carry the same ones.
 * Shared values are frozen where they are objects, so a mutation fails loudly instead of changing
 * every record that shares them; the checks never write to evidence.
 */
import type { ExoMailbox } from '../evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../evidence/graph.ts';
import { AD_USER_SHARED_FIELDS, type AdUser } from '../evidence/ldap.ts';

const EMPTY: never[] = Object.freeze([]) as never[];

/** One instance per distinct string handed to it (up to a bound, then strings pass unchanged). */
type Intern = (text: string) => string;

/**
 * One instance per distinct string: for values many records repeat (a mailbox database's DN on
 * every user of it, the recipient-type numbers), or for every identity of one load of a snapshot,
 * dropped with the loader (about 30 bytes per distinct string while the lists are read). Each
 * record read from LDAP or parsed from JSON otherwise holds its own copy.
 */
export function internPool(maxDistinct = 2_000_000): Intern {
  const pool = new Map<string, string>();
  return (text) => {
    const shared = pool.get(text);
    if (shared !== undefined) return shared;
    if (pool.size < maxDistinct) pool.set(text, text);
    return text;
  };
}

/** Interns the string fields `keys` of a record (a field that is absent or not a string stays). */
function internFields<T extends object>(record: T, keys: readonly (keyof T)[], intern: Intern): void {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') record[key] = intern(value) as T[keyof T];
  }
}

/** Interns the strings of the list `record[key]`, or makes an empty list the shared empty array. */
function internList<T extends object>(record: T, key: keyof T, intern: Intern | undefined): void {
  const list = record[key];
  if (!Array.isArray(list) || list === EMPTY) return;
  if (list.length === 0) {
    record[key] = EMPTY as T[keyof T];
    return;
  }
  if (intern)
    for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string') list[i] = intern(list[i]);
}

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

/**
 * What a compactor does to one kind of record. With an identity pool, every field of `identity`
 * and every string of `lists` becomes the pool's instance (equal fields then share one string by
 * themselves). Without one (a source, page by page, where a pool of every identity would outlive
 * the pages), only the `shared` fields go through a small pool of their own, and each `aliases`
 * pair shares one string when equal. Empty `lists` and `emptyLists` become the shared empty array.
 */
interface RecordShape<T> {
  identity: readonly (keyof T)[];
  shared: readonly (keyof T)[];
  aliases: readonly (readonly [from: keyof T, to: keyof T])[];
  lists: readonly (keyof T)[];
  emptyLists?: readonly (keyof T)[];
}

function recordCompactor<T extends object>(shape: RecordShape<T>, intern?: Intern): (record: T) => T {
  const share = intern ? undefined : internPool(10_000);
  return (r) => {
    if (intern) internFields(r, shape.identity, intern);
    else {
      internFields(r, shape.shared, share!);
      for (const [from, to] of shape.aliases) alias(r, from, to);
    }
    for (const key of shape.lists) internList(r, key, intern);
    for (const key of shape.emptyLists ?? []) internList(r, key, undefined);
    return r;
  };
}

const GRAPH_USER: RecordShape<GraphUser> = {
  identity: [
    'id',
    'userPrincipalName',
    'mail',
    'onPremisesUserPrincipalName',
    'onPremisesDistinguishedName',
    'onPremisesSamAccountName',
    'onPremisesImmutableId',
  ],
  shared: [],
  aliases: [
    ['userPrincipalName', 'mail'],
    ['userPrincipalName', 'onPremisesUserPrincipalName'],
  ],
  lists: ['proxyAddresses'],
  emptyLists: ['onPremisesProvisioningErrors', 'serviceProvisioningErrors', 'assignedPlans'],
};

/** A compactor for the Entra users of one scan (one pool of plans per scan). */
export function graphUserCompactor(intern?: Intern): (user: GraphUser) => GraphUser {
  const plan = planPool();
  const compact = recordCompactor(GRAPH_USER, intern);
  return (u) => {
    compact(u);
    const plans = u.assignedPlans;
    if (Array.isArray(plans) && plans !== EMPTY)
      for (let i = 0; i < plans.length; i++) plans[i] = plan(plans[i]!);
    return u;
  };
}

const AD_USER: RecordShape<AdUser> = {
  identity: [
    'dn',
    'sAMAccountName',
    'userPrincipalName',
    'mail',
    'mailNickname',
    'objectGuid',
    'consistencyGuid',
    'targetAddress',
    ...AD_USER_SHARED_FIELDS,
  ],
  shared: AD_USER_SHARED_FIELDS,
  aliases: [
    ['userPrincipalName', 'mail'],
    ['sAMAccountName', 'mailNickname'],
    // Entra Connect's source anchor: ms-DS-ConsistencyGuid set from objectGUID.
    ['objectGuid', 'consistencyGuid'],
  ],
  lists: ['proxyAddresses'],
};

/** A compactor for the AD users of one scan. */
export function adUserCompactor(intern?: Intern): (user: AdUser) => AdUser {
  return recordCompactor(AD_USER, intern);
}

const EXO_SHARED_FIELDS = ['recipientTypeDetails', 'archiveStatus', 'archiveGuid'] as const;
const EXO_MAILBOX: RecordShape<ExoMailbox> = {
  identity: [
    'primarySmtpAddress',
    'userPrincipalName',
    'externalDirectoryObjectId',
    'exchangeGuid',
    ...EXO_SHARED_FIELDS,
  ],
  shared: EXO_SHARED_FIELDS,
  aliases: [['primarySmtpAddress', 'userPrincipalName']],
  lists: ['emailAddresses'],
};

/** A compactor for the rows of one Exchange Online mailbox list. */
export function exoMailboxCompactor(intern?: Intern): (row: ExoMailbox) => ExoMailbox {
  return recordCompactor(EXO_MAILBOX, intern);
}

const PROBE_FIELDS = [
  'userId',
  'userPrincipalName',
  'reason',
  'mailbox',
  'code',
  'userPurpose',
] as const satisfies readonly (keyof GraphMailboxProbe)[];

/**
 * A compactor for the `graph.mailboxProbes` record: the reasons repeat for every user, and a
 * probe's UPN is mostly the record's key (the lower-case UPN).
 */
export function probeCompactor(intern: Intern): (probe: GraphMailboxProbe, key: string) => GraphMailboxProbe {
  return (p, key) => {
    internFields(p, PROBE_FIELDS, intern);
    if (p.userPrincipalName === key) p.userPrincipalName = key;
    return p;
  };
}

/** The artifacts that hold the user-sized lists (`userListCompactor`). */
export const USER_LISTS: ReadonlySet<string> = new Set([
  'ldap.users',
  'graph.users',
  'exo.mailboxes',
  'graph.mailboxProbes',
]);

/**
 * The four user-sized lists of a snapshot (AD users, Entra users, the Exchange Online mailbox
 * list, the probes) compacted with one identity pool. `childOf` is a hook for the chunked JSON
 * reader (each record compacted as it is parsed, so its duplicate strings die young); `finish`
 * compacts, in a value shaped like a snapshot (`{ artifacts }`), the lists `childOf` did not see:
 * those small enough to be parsed whole, or everything when nothing was parsed (a fresh scan).
 */
export function userListCompactor(): {
  childOf(path: readonly string[]): ((child: unknown, key: string) => unknown) | undefined;
  finish(snapshot: { artifacts: object }): void;
  /** Compacts one artifact's data as a collector puts it (key: `ldap.users`, …). */
  artifact(key: string, data: unknown): void;
  /**
   * The compaction of one record of the list `key`, for a collector that hands each record through
   * it as the record arrives (page by page, while the next page is on its way): `artifact` then
   * leaves that list as it is, instead of a pass over every record once the last page was read.
   * `alone`: no other source's user list is collected with it, so there is nothing to share its
   * identities with: its records are compacted without the identity pool (equal fields of a record
   * still share one string, the JSON is the same), and their identities are not pooled for nothing.
   */
  records<K extends keyof ListRecord>(key: K, alone?: boolean): (record: ListRecord[K]) => ListRecord[K];
} {
  // One pool for every list: Exchange Online, Entra and AD carry the same UPNs, addresses and DNs.
  const intern = internPool();
  const ad = adUserCompactor(intern);
  const graph = graphUserCompactor(intern);
  const exo = exoMailboxCompactor(intern);
  const probe = probeCompactor(intern);
  const children: Record<string, (child: unknown, key: string) => unknown> = {
    'artifacts/ldap.users/data': (u) => (isRecord(u) ? ad(u as unknown as AdUser) : u),
    'artifacts/graph.users/data': (u) => (isRecord(u) ? graph(u as unknown as GraphUser) : u),
    'artifacts/exo.mailboxes/data/mailboxes': (m) => (isRecord(m) ? exo(m as unknown as ExoMailbox) : m),
    'artifacts/graph.mailboxProbes/data': (p, key) =>
      isRecord(p) ? probe(p as unknown as GraphMailboxProbe, key) : p,
  };
  const walked = new Set<string>();
  const asRead = new Set<string>();
  const byRecord: { [K in keyof ListRecord]: (record: ListRecord[K]) => ListRecord[K] } = {
    'ldap.users': ad,
    'graph.users': graph,
  };
  const byRecordAlone: { [K in keyof ListRecord]: () => (record: ListRecord[K]) => ListRecord[K] } = {
    'ldap.users': () => adUserCompactor(),
    'graph.users': () => graphUserCompactor(),
  };
  return {
    childOf: (path) => {
      const key = path.join('/');
      const each = children[key];
      if (each) walked.add(key);
      return each;
    },
    finish: (snap) => {
      for (const [key, each] of Object.entries(children)) if (!walked.has(key)) apply(snap, key, each);
    },
    artifact: (key, data) => {
      if (asRead.has(key)) return;
      const prefix = `artifacts/${key}/data`;
      for (const [path, each] of Object.entries(children))
        if (path === prefix || path.startsWith(`${prefix}/`))
          apply({ artifacts: { [key]: { data } } }, path, each);
    },
    records: (key, alone) => {
      asRead.add(key);
      return alone ? byRecordAlone[key]() : byRecord[key];
    },
  };
}

/** The user lists whose records a collector may compact as it reads them (`records`). */
export interface ListRecord {
  'ldap.users': AdUser;
  'graph.users': GraphUser;
}

/** Applies `each` to every child of the container at `path` (keys joined by `/`) inside `root`. */
function apply(root: unknown, path: string, each: (child: unknown, key: string) => unknown): void {
  let container: unknown = root;
  for (const k of path.split('/')) container = isRecord(container) ? container[k] : undefined;
  if (Array.isArray(container))
    for (let i = 0; i < container.length; i++) container[i] = each(container[i], String(i));
  else if (isRecord(container)) for (const [k, v] of Object.entries(container)) container[k] = each(v, k);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object';
}
