import { scaleGraphUsers } from '../scale.ts';
import type { Scenario } from '../scenario.ts';

/** `graph/scan-app.yaml`: the app (and admin) the scanner signs in as, as the simulated Entra knows it. */
export interface ScanAppData {
  clientId: string;
  /** The client secret Entra accepts. */
  secret?: string;
  /** The secret the scenario's config hands the scanner (default: `secret`); set it to simulate a wrong one. */
  configuredSecret?: string;
  /** Entra answers AADSTS7000222 (expired secret). */
  secretExpired?: boolean;
  /** Certificates (files under fixtures/pki) registered on the app for private_key_jwt. */
  certificates?: string[];
  /** Subject name + issuer auth: the assertion must carry the chain (x5c), else AADSTS700027. */
  requireX5c?: boolean;
  /** Application permissions consented for the app (the token's `roles`). */
  roles: string[];
  /** Delegated sign-in (device code): the user and the consented scopes (the token's `scp`). */
  delegated?: { user: string; scopes: string[] };
  /** The first N token requests are answered 429 + Retry-After (MSAL does not retry; we must). */
  tokenThrottle?: number;
  /** Device-code polls answered authorization_pending before the simulated user signs in. */
  devicePending?: number;
}

/** Throttling and latency the Graph simulator injects (`graph/simulation.yaml`). */
interface GraphSimulation {
  /** Every Nth Graph request (batch items count too) is answered 429 + Retry-After. 0 = never. */
  throttleEvery?: number;
  retryAfterSeconds?: number;
  /** Delay before every answer, ms. */
  latencyMs?: number;
  /** Largest page the server returns, whatever $top asks (Graph: 999 for users). */
  maxPageSize?: number;
  /** `/users/$count` answered 400, as by a proxy that drops the ConsistencyLevel header. */
  refuseCount?: boolean;
}

export type GraphObject = Record<string, unknown>;

/** A scenario's Graph tenant: `graph/tenant.yaml`, `graph/users.yaml`, `graph/apps.yaml`. */
export interface GraphData {
  organization: GraphObject;
  domains: (GraphObject & { id: string; serviceConfigurationRecords?: GraphObject[] })[];
  /** `mailbox`: cloud (mailboxSettings answers), onprem or none (404 MailboxNotEnabledForRESTAPI). */
  /** `userPurpose`: what mailboxSettings answers for a cloud mailbox (default user; shared, room…). */
  users: (GraphObject & {
    id: string;
    userPrincipalName: string;
    mailbox?: 'cloud' | 'onprem' | 'none';
    userPurpose?: string;
  })[];
  applications: (GraphObject & { id: string; appId: string; displayName?: string })[];
  servicePrincipals: (GraphObject & { id: string; appId: string; appRoleAssignments?: GraphObject[] })[];
  simulation: GraphSimulation;
}

export function loadScanApp(scenario: Scenario): ScanAppData | undefined {
  return scenario.data<ScanAppData>('graph/scan-app.yaml');
}

export function loadGraphData(scenario: Scenario, now = new Date()): GraphData | undefined {
  const tenant = scenario.data<{ organization: GraphObject; domains: GraphData['domains'] }>(
    'graph/tenant.yaml',
  );
  if (!tenant) return undefined;
  const users = scenario.data<{ users: GraphData['users'] }>('graph/users.yaml');
  const apps = scenario.data<{
    applications: GraphData['applications'];
    servicePrincipals: GraphData['servicePrincipals'];
  }>('graph/apps.yaml');
  const data: GraphData = {
    organization: tenant.organization,
    domains: tenant.domains ?? [],
    users: users?.users ?? [],
    applications: apps?.applications ?? [],
    servicePrincipals: apps?.servicePrincipals ?? [],
    simulation: scenario.data<GraphSimulation>('graph/simulation.yaml') ?? {},
  };
  const resolved = resolveTimes(data, now);
  // Copied after the times are resolved: one walk over the written users, not over every copy.
  return scenario.scale
    ? { ...resolved, users: scaleGraphUsers(resolved.users, scenario.scale.copies) }
    : resolved;
}

const RELATIVE = /^\$\{now(?:([+-])(\d+)([smhd]))?\}$/;
const UNIT = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Replaces `${now}`, `${now-20m}`, `${now+400d}` with ISO times relative to the simulator start, so a
 * fixture's sync time and credential expiry stay "recent" / "valid" whenever the demo runs.
 */
export function resolveTimes<T>(value: T, now: Date): T {
  if (typeof value === 'string') {
    const m = value.match(RELATIVE);
    if (!m) return value;
    const delta = m[1] ? (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT[m[3] as keyof typeof UNIT] : 0;
    return new Date(now.getTime() + delta).toISOString().replace(/\.\d{3}Z$/, 'Z') as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveTimes(v, now)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTimes(v, now)])) as T;
  return value;
}
