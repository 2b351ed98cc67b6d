/**
 * The model stage: views derived from a snapshot's artifacts, built once per evaluation and
 * handed to every check as `ctx.model`. Each view is computed on first use and at most once, so a
 * scan that runs no user check never pays for the join.
 */
import type { ExoMailboxList } from '../evidence/exo.ts';
import type { GraphDomain, GraphMailboxProbe, GraphUser } from '../evidence/graph.ts';
import type { AcceptedDomain, AdUser, ExchangeServer } from '../evidence/ldap.ts';
import { type DecodedServer, decodeServer } from './exchange-servers.ts';
import { type ExoMailboxIndex, indexExoMailboxes } from './exo-mailboxes.ts';
import { buildMailDomains, type OrgMailDomain } from './mail-domains.ts';
import { buildPlacement, type Placement } from './mailboxes.ts';
import { buildUsersView, type UsersView } from './users.ts';

export interface Model {
  readonly users: UsersView;
  readonly mailboxes: Placement;
  /** The Exchange Online mailbox list, when the optional `exo.mailboxes` artifact was collected. */
  readonly exoMailboxes: ExoMailboxIndex | undefined;
  readonly servers: readonly DecodedServer[];
  readonly mailDomains: readonly OrgMailDomain[];
}

/** Artifact data by key: only artifacts collected without error. */
type ModelInput = Readonly<Record<string, unknown>>;

interface ModelOptions {
  /** Mail domains named in the config. */
  configDomains?: readonly string[];
}

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

export function buildModel(artifacts: ModelInput, opts: ModelOptions = {}): Model {
  const get = <T>(key: string) => artifacts[key] as T | undefined;
  const adUsers = once(() => get<AdUser[]>('ldap.users'));
  const graphUsers = once(() => get<GraphUser[]>('graph.users'));
  const users = once(() => buildUsersView(adUsers(), graphUsers()));
  const exoMailboxes = once(() => {
    const list = get<ExoMailboxList>('exo.mailboxes');
    return list ? indexExoMailboxes(list.mailboxes, list.complete === true) : undefined;
  });
  const mailboxes = once(() =>
    buildPlacement({
      users: users(),
      adUsers: adUsers() ?? [],
      graphUsers: graphUsers(),
      probes: get<Record<string, GraphMailboxProbe>>('graph.mailboxProbes'),
      exo: exoMailboxes(),
    }),
  );
  const servers = once(() => (get<ExchangeServer[]>('ldap.exchangeServers') ?? []).map(decodeServer));
  const mailDomains = once(() =>
    buildMailDomains({
      configDomains: opts.configDomains ?? [],
      graphDomains: get<GraphDomain[]>('graph.domains'),
      acceptedDomains: get<AcceptedDomain[]>('ldap.acceptedDomains'),
      adUsers: adUsers(),
      graphUsers: graphUsers(),
    }),
  );
  return {
    get users() {
      return users();
    },
    get mailboxes() {
      return mailboxes();
    },
    get exoMailboxes() {
      return exoMailboxes();
    },
    get servers() {
      return servers();
    },
    get mailDomains() {
      return mailDomains();
    },
  };
}

/** The data of every artifact collected without error, by key. */
export function modelInputOf(
  records: Readonly<Record<string, { status: string; data?: unknown } | undefined>>,
): ModelInput {
  const out: Record<string, unknown> = {};
  for (const [key, rec] of Object.entries(records)) if (rec?.status === 'ok') out[key] = rec.data;
  return out;
}
