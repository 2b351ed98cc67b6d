/**
 * A large organisation made from a small one: the contoso-ready golden snapshot with every
 * ordinary user (AD and Entra, with its mailbox probe) copied `copies` times under new names,
 * anchors and GUIDs. Every other artifact stays as collected, so every check that evaluates on
 * the small organisation evaluates on the large one, and should reach the same statuses.
 */
import { readFileSync } from 'node:fs';
import type { ExoMailbox, ExoMailboxList } from '../../src/evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import type { Snapshot } from '../../src/snapshot/types.ts';
import { EXO_DOMAINS, HCW_INBOUND, HCW_IOC, HCW_ORGREL, HCW_OUTBOUND } from '../checks/exo/fixtures.ts';

const BASE = 'fixtures/golden/contoso-ready.snapshot.json';

/** Users kept once: accounts the config and the role assignments name (copies would be strangers). */
const SINGLE_AD = new Set(['svc-mailstore', 'hybridscan']);

function loadBaseSnapshot(): Snapshot {
  return JSON.parse(readFileSync(BASE, 'utf8')) as Snapshot;
}

/**
 * A 16-byte GUID in base64 with the copy number XORed into bytes 8–11 (copy 0 = unchanged). The
 * base users' GUIDs differ in their last bytes, so copies of two users never collide (XOR into the
 * same bytes that tell users apart would: carol 3 ^ copy 2 = alice 1).
 */
function guidB64(value: string, copy: number): string {
  if (copy === 0) return value;
  const bytes = Buffer.from(value, 'base64');
  bytes.writeUInt32BE((bytes.readUInt32BE(8) ^ copy) >>> 0, 8);
  return bytes.toString('base64');
}

/** The same change in a text GUID: bytes 8–11 are in text order (hex digits 16–23 without dashes). */
function guidText(value: string, copy: number): string {
  if (copy === 0) return value;
  const hex = value.replace(/-/g, '');
  const changed = ((Number.parseInt(hex.slice(16, 24), 16) ^ copy) >>> 0).toString(16).padStart(8, '0');
  const out = hex.slice(0, 16) + changed + hex.slice(24);
  return `${out.slice(0, 8)}-${out.slice(8, 12)}-${out.slice(12, 16)}-${out.slice(16, 20)}-${out.slice(20)}`;
}

/** `alice@contoso.com` → `alice.7@contoso.com`; any prefix (`SMTP:`) kept. */
function address(value: string, copy: number): string {
  if (copy === 0) return value;
  const at = value.lastIndexOf('@');
  return at < 0 ? value : `${value.slice(0, at)}.${copy}${value.slice(at)}`;
}

function proxy(value: string, copy: number): string {
  return /^smtp:/i.test(value) ? address(value, copy) : copy === 0 ? value : `${value}.${copy}`;
}

const suffix = (value: string, copy: number) => (copy === 0 ? value : `${value}.${copy}`);

/** `CN=Alice Anders,OU=…` → `CN=Alice Anders 7,OU=…`. */
function dn(value: string, copy: number): string {
  if (copy === 0) return value;
  const comma = value.indexOf(',');
  return `${value.slice(0, comma)} ${copy}${value.slice(comma)}`;
}

function copyAd(u: AdUser, copy: number): AdUser {
  const out: AdUser = {
    ...u,
    dn: dn(u.dn, copy),
    proxyAddresses: u.proxyAddresses.map((p) => proxy(p, copy)),
    objectGuid: guidB64(u.objectGuid, copy),
  };
  if (u.sAMAccountName) out.sAMAccountName = suffix(u.sAMAccountName, copy);
  if (u.userPrincipalName) out.userPrincipalName = address(u.userPrincipalName, copy);
  if (u.mail) out.mail = address(u.mail, copy);
  if (u.mailNickname) out.mailNickname = suffix(u.mailNickname, copy);
  if (u.consistencyGuid) out.consistencyGuid = guidB64(u.consistencyGuid, copy);
  if (u.mailboxGuid) out.mailboxGuid = guidB64(u.mailboxGuid, copy);
  if (u.targetAddress) out.targetAddress = proxy(u.targetAddress, copy);
  if (u.legacyExchangeDN) out.legacyExchangeDN = suffix(u.legacyExchangeDN, copy);
  if (u.externalDirectoryObjectId)
    out.externalDirectoryObjectId = u.externalDirectoryObjectId.replace(/[0-9a-f-]{36}$/i, (id) =>
      guidText(id, copy),
    );
  return out;
}

function copyGraph(u: GraphUser, copy: number): GraphUser {
  const out: GraphUser = {
    ...u,
    id: guidText(u.id, copy),
    userPrincipalName: address(u.userPrincipalName, copy),
    proxyAddresses: u.proxyAddresses.map((p) => proxy(p, copy)),
  };
  if (u.displayName) out.displayName = suffix(u.displayName, copy);
  if (u.mail) out.mail = address(u.mail, copy);
  if (u.onPremisesImmutableId) out.onPremisesImmutableId = guidB64(u.onPremisesImmutableId, copy);
  if (u.onPremisesDistinguishedName)
    out.onPremisesDistinguishedName = dn(u.onPremisesDistinguishedName, copy);
  if (u.onPremisesSamAccountName) out.onPremisesSamAccountName = suffix(u.onPremisesSamAccountName, copy);
  if (u.onPremisesUserPrincipalName)
    out.onPremisesUserPrincipalName = address(u.onPremisesUserPrincipalName, copy);
  return out;
}

function copyExoMailbox(m: ExoMailbox, copy: number): ExoMailbox {
  const out: ExoMailbox = { ...m, primarySmtpAddress: address(m.primarySmtpAddress, copy) };
  if (m.userPrincipalName) out.userPrincipalName = address(m.userPrincipalName, copy);
  // The text GUID's last 8 digits are the bytes guidB64 changes in AD's msExchMailboxGuid.
  if (m.exchangeGuid) out.exchangeGuid = guidText(m.exchangeGuid, copy);
  // The all-zero ArchiveGuid means "no archive": it stays zero in every copy.
  if (m.archiveGuid && /[1-9a-f]/i.test(m.archiveGuid)) out.archiveGuid = guidText(m.archiveGuid, copy);
  if (m.externalDirectoryObjectId)
    out.externalDirectoryObjectId = guidText(m.externalDirectoryObjectId, copy);
  if (m.emailAddresses) out.emailAddresses = m.emailAddresses.map((a) => proxy(a, copy));
  return out;
}

function copyProbe(p: GraphMailboxProbe, copy: number): GraphMailboxProbe {
  return { ...p, userId: guidText(p.userId, copy), userPrincipalName: address(p.userPrincipalName, copy) };
}

type Artifacts = Record<string, { status: string; data?: unknown }>;

/**
 * The base organisation with at least `users` users on each side (a whole number of copies of its
 * ordinary users; at least one copy, which is the base itself).
 */
export function scaledSnapshot(users: number, base: Snapshot = loadBaseSnapshot()): Snapshot {
  const artifacts = structuredClone(base.artifacts) as Artifacts;
  const data = <T>(key: string) => (artifacts[key]?.status === 'ok' ? (artifacts[key].data as T) : undefined);
  const ad = data<AdUser[]>('ldap.users') ?? [];
  const graph = data<GraphUser[]>('graph.users') ?? [];
  const probes = data<Record<string, GraphMailboxProbe>>('graph.mailboxProbes') ?? {};
  const mailboxList = data<ExoMailboxList>('exo.mailboxes');
  const mailboxesOut: ExoMailbox[] = [];
  const single = ad.filter((u) => SINGLE_AD.has(u.sAMAccountName ?? ''));
  const ordinary = ad.filter((u) => !SINGLE_AD.has(u.sAMAccountName ?? ''));
  const perCopy = Math.min(...[ordinary.length, graph.length].filter((n) => n > 0), users);
  const copies = Math.max(1, Math.ceil(users / Math.max(1, perCopy)));
  const adOut: AdUser[] = [...single];
  const graphOut: GraphUser[] = [];
  const probesOut: Record<string, GraphMailboxProbe> = {};
  for (let copy = 0; copy < copies; copy++) {
    for (const u of ordinary) adOut.push(copyAd(u, copy));
    for (const u of graph) graphOut.push(copyGraph(u, copy));
    for (const m of mailboxList?.mailboxes ?? []) mailboxesOut.push(copyExoMailbox(m, copy));
    for (const p of Object.values(probes)) {
      const c = copyProbe(p, copy);
      probesOut[c.userPrincipalName.toLowerCase()] = c;
    }
  }
  if (data('ldap.users')) artifacts['ldap.users'] = { status: 'ok', data: adOut };
  if (data('graph.users')) artifacts['graph.users'] = { status: 'ok', data: graphOut };
  if (data('graph.mailboxProbes')) artifacts['graph.mailboxProbes'] = { status: 'ok', data: probesOut };
  if (mailboxList)
    artifacts['exo.mailboxes'] = { status: 'ok', data: { ...mailboxList, mailboxes: mailboxesOut } };
  withExoConfiguration(artifacts);
  return { ...base, artifacts: artifacts as Snapshot['artifacts'] };
}

/**
 * The Exchange Online configuration the HCW leaves in contoso-ready, for base snapshots collected
 * before the live Exchange Online source (they lack these artifacts, so the exo.* checks would be
 * skipped); a base that has them keeps its own.
 */
function withExoConfiguration(artifacts: Artifacts): void {
  const origin = (cmdlet: string) => ({ via: 'admin-api', cmdlet });
  const add = (key: string, data: unknown) => {
    if (!artifacts[key]) artifacts[key] = { status: 'ok', data };
  };
  add('exo.acceptedDomains', { origin: origin('Get-AcceptedDomain'), domains: EXO_DOMAINS });
  add('exo.inboundConnectors', { origin: origin('Get-InboundConnector'), items: [HCW_INBOUND] });
  add('exo.outboundConnectors', { origin: origin('Get-OutboundConnector'), items: [HCW_OUTBOUND] });
  add('exo.orgRelationships', { origin: origin('Get-OrganizationRelationship'), items: [HCW_ORGREL] });
  add('exo.intraOrgConnectors', { origin: origin('Get-IntraOrganizationConnector'), items: [HCW_IOC] });
  add('exo.dkimSigningConfig', {
    origin: origin('Get-DkimSigningConfig'),
    items: [{ domain: 'contoso.com', enabled: true, status: 'Valid' }],
  });
}
