import { createHash } from 'node:crypto';
import { guidBase64ToText } from '../../model/guid.ts';
import { type GraphData, loadGraphData } from '../graph/data.ts';
import type { LdifEntry } from '../ldap/ldif.ts';
import { scaleExoMailboxes } from '../scale.ts';
import type { Scenario } from '../scenario.ts';

/** One object as Exchange Online PowerShell prints it (PascalCase property names). */
export type ExoObject = Record<string, unknown>;

/** Faults the Exchange Online simulator injects (`exo/simulation.yaml`). */
interface ExoSimulation {
  /** Largest page the server returns, whatever Prefer: odata.maxpagesize asks (Admin API: 1000). */
  maxPageSize?: number;
  /** The first N requests are answered 429 + Retry-After (a throttling storm that recovers). */
  throttleFirst?: number;
  /** Every request is answered 429 (a storm that never ends). */
  throttleAlways?: boolean;
  retryAfterSeconds?: number;
  /** Cmdlets answered 403: the app lacks the Exchange RBAC role (or the API permission). */
  forbidden?: string[];
  /** Cmdlets whose Nth page (1-based) resets the connection mid-answer. */
  resetOnPage?: Record<string, number>;
  /** Cmdlets never answered (the request hangs until the client gives up). */
  hang?: string[];
  /** Delay before every answer, ms. */
  latencyMs?: number;
  /** The token audience accepted (default Exchange Online's); another one simulates a wrong resource. */
  audience?: string;
}

/** A mailbox list too large to hold as objects: rows made on demand. */
interface MailboxSource {
  count: number;
  at(index: number): ExoObject;
}

/** A scenario's Exchange Online tenant, by cmdlet. */
export interface ExoData {
  /** Names (domains, GUID) the tenant answers to in `/adminapi/<version>/<tenant>/`. */
  tenants: string[];
  mailboxes: MailboxSource;
  /** Get-<noun> → its rows (Get-OrganizationConfig and Get-TransportConfig: one row). */
  cmdlets: Record<string, ExoObject[]>;
  simulation: ExoSimulation;
}

/** `exo/<file>.yaml` → the cmdlet that answers with it. */
const EXO_DATA_FILES: Record<string, string> = {
  'organization-config.yaml': 'Get-OrganizationConfig',
  'accepted-domains.yaml': 'Get-AcceptedDomain',
  'inbound-connectors.yaml': 'Get-InboundConnector',
  'outbound-connectors.yaml': 'Get-OutboundConnector',
  'intra-org-connectors.yaml': 'Get-IntraOrganizationConnector',
  'org-relationships.yaml': 'Get-OrganizationRelationship',
  'dkim-signing-config.yaml': 'Get-DkimSigningConfig',
  'journal-rules.yaml': 'Get-JournalRule',
  'transport-config.yaml': 'Get-TransportConfig',
};

export function listSource(rows: ExoObject[]): MailboxSource {
  return { count: rows.length, at: (i) => rows[i]! };
}

const PURPOSE_TYPE: Record<string, string> = {
  user: 'UserMailbox',
  shared: 'SharedMailbox',
  room: 'RoomMailbox',
  equipment: 'EquipmentMailbox',
  linked: 'LinkedMailbox',
  others: 'UserMailbox',
};

/** A stable GUID from a name (for mailboxes whose on-prem object has no msExchMailboxGuid). */
function nameGuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** UPN → msExchMailboxGuid of the scenario's AD (a remote mailbox keeps its GUID in the cloud). */
function onPremGuids(entries: LdifEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    const attr = (name: string) => e.attributes.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1][0];
    const upn = attr('userPrincipalName');
    const guid = attr('msExchMailboxGuid');
    if (typeof upn !== 'string' || guid === undefined) continue;
    const text = guidBase64ToText(Buffer.isBuffer(guid) ? guid.toString('base64') : guid);
    if (text) out.set(upn.toLowerCase(), text);
  }
  return out;
}

/**
 * The default mailbox list: a mailbox for every Graph user whose simulated `mailbox` is `cloud`
 * (consistent with the Graph simulator's mailboxSettings answers); on-prem users have none in
 * Exchange Online (they are mail users, which Get-Mailbox does not list).
 */
function mailboxesFromGraph(graph: GraphData | undefined, ldif: LdifEntry[]): ExoObject[] {
  if (!graph) return [];
  const guids = onPremGuids(ldif);
  return graph.users
    .filter((u) => u.mailbox === 'cloud')
    .map((u) => {
      const upn = u.userPrincipalName;
      const mail = typeof u.mail === 'string' ? u.mail : upn;
      const proxies = Array.isArray(u.proxyAddresses) ? (u.proxyAddresses as string[]) : [`SMTP:${mail}`];
      return {
        PrimarySmtpAddress: mail,
        UserPrincipalName: upn,
        RecipientTypeDetails: PURPOSE_TYPE[u.userPurpose ?? 'user'] ?? 'UserMailbox',
        ExchangeGuid: guids.get(upn.toLowerCase()) ?? nameGuid(upn),
        ArchiveStatus: 'None',
        ArchiveGuid: '00000000-0000-0000-0000-000000000000',
        IsDirSynced: u.onPremisesSyncEnabled === true,
        LitigationHoldEnabled: false,
        ExternalDirectoryObjectId: u.id,
        EmailAddresses: proxies,
      };
    });
}

export function loadExoData(scenario: Scenario, ldif: LdifEntry[]): ExoData | undefined {
  if (!scenario.file('exo')) return undefined;
  const tenant = typeof scenario.config.tenant === 'string' ? scenario.config.tenant : undefined;
  const graph = loadGraphData(scenario);
  const tenantId = typeof graph?.organization.id === 'string' ? graph.organization.id : undefined;
  const cmdlets: Record<string, ExoObject[]> = {};
  for (const [file, cmdlet] of Object.entries(EXO_DATA_FILES)) {
    const value = scenario.data<ExoObject | ExoObject[]>(`exo/${file}`);
    if (value !== undefined && value !== null) cmdlets[cmdlet] = Array.isArray(value) ? value : [value];
  }
  const listed = scenario.data<ExoObject[]>('exo/mailboxes.yaml');
  return {
    tenants: [tenant, tenantId].filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase()),
    mailboxes: listSource(
      listed ? scaleExoMailboxes(listed, scenario.scale?.copies ?? 1) : mailboxesFromGraph(graph, ldif),
    ),
    cmdlets,
    simulation: scenario.data<ExoSimulation>('exo/simulation.yaml') ?? {},
  };
}
