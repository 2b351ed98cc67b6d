import { XMLParser } from 'fast-xml-parser';
import type {
  AcceptedDomain,
  AdGenericObject,
  AdMailObject,
  AdUser,
  AuthServer,
  AutodiscoverScp,
  EmailAddressPolicy,
  ExchangeOrganization,
  ExchangeServer,
  HybridConfiguration,
  JournalRule,
  MailboxDatabase,
  PartnerApplication,
  PrepLevels,
  RoleAssignment,
  RoleAssignments,
  RootDse,
  TransportSettings,
} from '../../evidence/ldap.ts';
import {
  decodeAcceptedDomainFlags,
  decodeAuthFlags,
  decodeBits,
  HYBRID_FEATURE_BITS,
  SERVER_ROLE_BITS,
} from '../../model/exchange-flags.ts';
import { guidBase64ToText } from '../../model/guid.ts';
import { b64, type LdapEntry, LdapError, type LdapSession, num, str, strs } from './client.ts';

export const SCP_URL_KEYWORD = '77378F46-2C66-4aa9-A6A6-3E7A48B19596';
export const SCP_POINTER_KEYWORD = '67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68';

export interface Naming {
  domain: string;
  configuration: string;
  schema: string;
}

/** The rootDSE (anonymous-readable on AD): naming contexts and supported features. */
export async function readRootDse(s: LdapSession): Promise<RootDse> {
  const e = await s.read('', [
    'defaultNamingContext',
    'configurationNamingContext',
    'schemaNamingContext',
    'rootDomainNamingContext',
    'dnsHostName',
    'serverName',
    'supportedLDAPVersion',
    'supportedControl',
    'domainControllerFunctionality',
    'forestFunctionality',
    'vendorName',
  ]);
  if (!e) throw new LdapError(`rootDSE of ${s.server} returned no entry`, 'LDAP_ERROR');
  const opt = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    ...opt('defaultNamingContext', str(e, 'defaultNamingContext')),
    ...opt('configurationNamingContext', str(e, 'configurationNamingContext')),
    ...opt('schemaNamingContext', str(e, 'schemaNamingContext')),
    ...opt('rootDomainNamingContext', str(e, 'rootDomainNamingContext')),
    ...opt('dnsHostName', str(e, 'dnsHostName')),
    ...opt('serverName', str(e, 'serverName')),
    supportedLDAPVersion: strs(e, 'supportedLDAPVersion'),
    supportedControl: strs(e, 'supportedControl'),
    ...opt('domainControllerFunctionality', num(e, 'domainControllerFunctionality')),
    ...opt('forestFunctionality', num(e, 'forestFunctionality')),
    ...opt('vendorName', str(e, 'vendorName')),
    transport: s.transport,
    bound: s.bound,
  };
}

export function exchangeRoot(n: Naming): string {
  return `CN=Microsoft Exchange,CN=Services,${n.configuration}`;
}

function rdnValue(dn: string): string {
  const m = dn.match(/^[^=]+=((?:\\.|[^,\\])*)/);
  return (m?.[1] ?? dn).replace(/\\(.)/g, '$1');
}

function nameOf(e: LdapEntry): string {
  return str(e, 'name') ?? str(e, 'cn') ?? rdnValue(e.dn);
}

/** Drops undefined fields so snapshots stay small and exactOptionalPropertyTypes is happy. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Searches a container that may not exist (an unconfigured feature): absent → []. */
async function optionalSearch(
  s: LdapSession,
  base: string,
  spec: Parameters<LdapSession['search']>[1],
): Promise<LdapEntry[]> {
  try {
    return await s.search(base, spec);
  } catch (err) {
    if (err instanceof LdapError && err.code === 'NOT_FOUND') return [];
    throw err;
  }
}

export async function readOrganizations(s: LdapSession, n: Naming): Promise<ExchangeOrganization[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    scope: 'one',
    filter: '(objectCategory=msExchOrganizationContainer)',
    attributes: ['name', 'cn', 'objectGUID', 'objectVersion', 'msExchProductID'],
  });
  return entries.map((e) => {
    const guid = b64(e, 'objectGUID');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      objectGuid: guid,
      guid: guid ? guidBase64ToText(guid) : undefined,
      objectVersion: num(e, 'objectVersion'),
      msExchProductId: str(e, 'msExchProductID'),
    });
  });
}

export async function readPrepLevels(
  s: LdapSession,
  n: Naming,
  org: ExchangeOrganization | undefined,
): Promise<PrepLevels> {
  const schema = await optionalSearch(s, n.schema, {
    scope: 'one',
    filter: '(&(name=ms-Exch-Schema-Version-Pt)(objectCategory=attributeSchema))',
    attributes: ['rangeUpper'],
  });
  const meso = await optionalSearch(s, n.domain, {
    scope: 'sub',
    filter: '(objectCategory=msExchSystemObjectsContainer)',
    attributes: ['objectVersion'],
  });
  return clean({
    schemaVersion: schema[0] ? num(schema[0], 'rangeUpper') : undefined,
    orgVersion: org?.objectVersion,
    meso: meso.map((e) => clean({ dn: e.dn, objectVersion: num(e, 'objectVersion') })),
  });
}

export async function readServers(s: LdapSession, n: Naming): Promise<ExchangeServer[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectCategory=msExchExchangeServer)',
    attributes: [
      'name',
      'cn',
      'serialNumber',
      'versionNumber',
      'msExchCurrentServerRoles',
      'networkAddress',
      'msExchServerSite',
      'dNSHostName',
    ],
  });
  return entries.map((e) => {
    const roles = num(e, 'msExchCurrentServerRoles') ?? 0;
    const net = strs(e, 'networkAddress');
    const fqdn =
      str(e, 'dNSHostName') ?? net.find((a) => /^ncacn_ip_tcp:/i.test(a))?.replace(/^ncacn_ip_tcp:/i, '');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      fqdn,
      serialNumber: str(e, 'serialNumber'),
      roles,
      roleNames: decodeBits(roles, SERVER_ROLE_BITS),
      site: str(e, 'msExchServerSite'),
      versionNumber: num(e, 'versionNumber'),
      networkAddress: net.length ? net : undefined,
    });
  });
}

export async function readHybridConfiguration(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<HybridConfiguration | null> {
  const e = await s.read(
    `CN=Hybrid Configuration,${org.dn}`,
    ['*'],
    '(objectClass=msExchCoexistenceRelationship)',
  );
  if (!e) return null;
  const flags = num(e, 'msExchCoexistenceFeatureFlags');
  const mgmt = num(e, 'msExchManagementSettings');
  return clean({
    dn: e.dn,
    domains: strs(e, 'msExchCoexistenceDomains'),
    featureFlags: flags,
    features: decodeBits(flags, HYBRID_FEATURE_BITS),
    tlsCertificateName: str(e, 'msExchCoexistenceSecureMailCertificateThumbprint'),
    onPremisesSmartHost: str(e, 'msExchCoexistenceOnPremisesSmartHost'),
    clientAccessServers: strs(e, 'msExchCoexistenceServers'),
    sendingTransportServers: strs(e, 'msExchCoexistenceTransportServers'),
    receivingTransportServers: strs(e, 'msExchCoexistenceFrontendTransportServers'),
    edgeTransportServers: strs(e, 'msExchCoexistenceEdgeTransportServers'),
    externalIpAddresses: strs(e, 'msExchCoexistenceExternalIPAddresses'),
    serviceInstance: mgmt === undefined ? undefined : mgmt & 0x1f,
    whenChanged: str(e, 'whenChanged'),
  });
}

export async function readAcceptedDomains(s: LdapSession, n: Naming): Promise<AcceptedDomain[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectCategory=msExchAcceptedDomain)',
    attributes: ['name', 'cn', 'msExchAcceptedDomainName', 'msExchAcceptedDomainFlags'],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAcceptedDomainFlags') ?? 0;
    return {
      dn: e.dn,
      name: nameOf(e),
      domain: (str(e, 'msExchAcceptedDomainName') ?? nameOf(e)).toLowerCase(),
      flags,
      ...decodeAcceptedDomainFlags(flags),
    };
  });
}

export async function readEmailAddressPolicies(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<EmailAddressPolicy[]> {
  const entries = await optionalSearch(s, `CN=Recipient Policies,${org.dn}`, {
    filter: '(objectClass=msExchRecipientPolicy)',
    attributes: [
      'name',
      'cn',
      'gatewayProxy',
      'disabledGatewayProxy',
      'msExchRecipientFilter',
      'purportedSearch',
      'msExchPolicyOrder',
    ],
  });
  return entries.map((e) =>
    clean({
      dn: e.dn,
      name: nameOf(e),
      templates: strs(e, 'gatewayProxy'),
      disabledTemplates: strs(e, 'disabledGatewayProxy'),
      recipientFilter: str(e, 'msExchRecipientFilter'),
      purportedSearch: str(e, 'purportedSearch'),
      order: str(e, 'msExchPolicyOrder'),
    }),
  );
}

const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'mail',
  'mailNickname',
  'proxyAddresses',
  'objectGUID',
  'mS-DS-ConsistencyGuid',
  'userAccountControl',
  'msExchRecipientTypeDetails',
  'msExchRecipientDisplayType',
  'msExchRemoteRecipientType',
  'targetAddress',
  'homeMDB',
  'msExchHomeServerName',
  'msExchMailboxGuid',
  'legacyExchangeDN',
  'msDS-ExternalDirectoryObjectID',
  'msExchArchiveStatus',
  'msExchArchiveGUID',
  'msExchArchiveName',
  'msExchArchiveDatabaseLink',
];

export function toAdUser(e: LdapEntry): AdUser {
  const objectGuid = b64(e, 'objectGUID') ?? '';
  return clean({
    dn: e.dn,
    sAMAccountName: str(e, 'sAMAccountName'),
    userPrincipalName: str(e, 'userPrincipalName'),
    displayName: str(e, 'displayName'),
    mail: str(e, 'mail'),
    mailNickname: str(e, 'mailNickname'),
    proxyAddresses: strs(e, 'proxyAddresses'),
    objectGuid,
    consistencyGuid: b64(e, 'mS-DS-ConsistencyGuid'),
    userAccountControl: num(e, 'userAccountControl'),
    msExchRecipientTypeDetails: str(e, 'msExchRecipientTypeDetails'),
    msExchRecipientDisplayType: str(e, 'msExchRecipientDisplayType'),
    msExchRemoteRecipientType: str(e, 'msExchRemoteRecipientType'),
    targetAddress: str(e, 'targetAddress'),
    homeMDB: str(e, 'homeMDB'),
    msExchHomeServerName: str(e, 'msExchHomeServerName'),
    mailboxGuid: b64(e, 'msExchMailboxGuid'),
    legacyExchangeDN: str(e, 'legacyExchangeDN'),
    externalDirectoryObjectId: str(e, 'msDS-ExternalDirectoryObjectID'),
    msExchArchiveStatus: str(e, 'msExchArchiveStatus'),
    archiveGuid: b64(e, 'msExchArchiveGUID'),
    archiveName: str(e, 'msExchArchiveName'),
    archiveDatabase: str(e, 'msExchArchiveDatabaseLink'),
  });
}

/** Every user in the domain partition (persons with objectClass user), paged. */
export async function readUsers(s: LdapSession, n: Naming, limit = 0): Promise<AdUser[]> {
  const entries = await s.search(n.domain, {
    filter: '(&(objectCategory=person)(objectClass=user))',
    attributes: USER_ATTRIBUTES,
    limit,
  });
  return entries.map(toAdUser);
}

/** Mail-enabled objects that are not users (groups, contacts, public folders): for duplicates. */
export async function readMailObjects(s: LdapSession, n: Naming): Promise<AdMailObject[]> {
  const entries = await s.search(n.domain, {
    filter: '(&(proxyAddresses=*)(!(&(objectCategory=person)(objectClass=user))))',
    attributes: ['objectClass', 'mail', 'proxyAddresses', 'targetAddress'],
  });
  return entries.map((e) =>
    clean({
      dn: e.dn,
      objectClass: strs(e, 'objectClass'),
      mail: str(e, 'mail'),
      proxyAddresses: strs(e, 'proxyAddresses'),
      targetAddress: str(e, 'targetAddress'),
    }),
  );
}

export async function readAutodiscoverScps(s: LdapSession, n: Naming): Promise<AutodiscoverScp[]> {
  const entries = await s.search(n.configuration, {
    filter: `(&(objectClass=serviceConnectionPoint)(|(keywords=${SCP_URL_KEYWORD})(keywords=${SCP_POINTER_KEYWORD})))`,
    attributes: ['name', 'cn', 'serviceBindingInformation', 'keywords', 'serviceClassName', 'whenChanged'],
  });
  return entries.map((e) => {
    const keywords = strs(e, 'keywords');
    const site = keywords.find((k) => /^site=/i.test(k))?.replace(/^site=/i, '');
    // SCP DN: CN=<server>,CN=Autodiscover,CN=Protocols,CN=<server>,CN=Servers,…
    const server = e.dn.match(/CN=Protocols,CN=((?:\\.|[^,\\])+),/i)?.[1] ?? nameOf(e);
    const pointer = keywords.some((k) => k.toLowerCase() === SCP_POINTER_KEYWORD.toLowerCase());
    return clean({
      dn: e.dn,
      server,
      urls: strs(e, 'serviceBindingInformation'),
      site,
      whenChanged: str(e, 'whenChanged'),
      kind: pointer ? ('pointer' as const) : ('url' as const),
      keywords,
      serviceClassName: str(e, 'serviceClassName'),
    });
  });
}

export async function readAuthServers(s: LdapSession, org: ExchangeOrganization): Promise<AuthServer[]> {
  const entries = await optionalSearch(s, `CN=Auth Servers,CN=Auth Configuration,${org.dn}`, {
    filter: '(objectClass=msExchAuthAuthServer)',
    attributes: [
      'name',
      'cn',
      'msExchAuthMetadataUrl',
      'msExchAuthIssuerName',
      'msExchAuthRealm',
      'msExchAuthApplicationIdentifier',
      'msExchAuthAuthServerType',
      'msExchAuthFlags',
      'msExchAuthAuthorizationUrl',
    ],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAuthFlags');
    const f = decodeAuthFlags(flags);
    return clean({
      dn: e.dn,
      name: nameOf(e),
      metadataUrl: str(e, 'msExchAuthMetadataUrl'),
      issuerName: str(e, 'msExchAuthIssuerName'),
      realm: str(e, 'msExchAuthRealm'),
      applicationIdentifier: str(e, 'msExchAuthApplicationIdentifier'),
      type: str(e, 'msExchAuthAuthServerType'),
      flags,
      enabled: f.enabled,
      isDefaultAuthorizationEndpoint: f.isDefault,
      authorizationUrl: str(e, 'msExchAuthAuthorizationUrl'),
    });
  });
}

export async function readPartnerApplications(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<PartnerApplication[]> {
  const entries = await optionalSearch(s, `CN=Partner Applications,CN=Auth Configuration,${org.dn}`, {
    filter: '(objectClass=msExchAuthPartnerApplication)',
    attributes: [
      'name',
      'cn',
      'msExchAuthApplicationIdentifier',
      'msExchAuthMetadataUrl',
      'msExchAuthRealm',
      'msExchAuthFlags',
    ],
  });
  return entries.map((e) => {
    const flags = num(e, 'msExchAuthFlags');
    return clean({
      dn: e.dn,
      name: nameOf(e),
      applicationIdentifier: str(e, 'msExchAuthApplicationIdentifier'),
      metadataUrl: str(e, 'msExchAuthMetadataUrl'),
      realm: str(e, 'msExchAuthRealm'),
      flags,
      enabled: decodeAuthFlags(flags).enabled,
    });
  });
}

/** Objects whose attribute names are unconfirmed: every attribute, as text. */
export async function readGeneric(
  s: LdapSession,
  base: string,
  filter: string,
  scope: 'one' | 'sub' = 'sub',
): Promise<AdGenericObject[]> {
  const entries = await optionalSearch(s, base, { scope, filter, attributes: ['*'] });
  return entries.map((e) => {
    const attributes: Record<string, string[]> = {};
    for (const [key, values] of e.attrs) {
      if (key === 'ntsecuritydescriptor') continue;
      attributes[e.names.get(key) ?? key] = values.map((v) =>
        Buffer.isBuffer(v) ? `base64:${v.toString('base64')}` : String(v),
      );
    }
    return { dn: e.dn, name: nameOf(e), objectClass: strs(e, 'objectClass'), attributes };
  });
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  allowBooleanAttributes: true,
});

/**
 * Reads msExchTransportRuleXml of a journal rule. The journal recipient is the `value` of each
 * <argument> under <action name="Journal">; conditions (if any) limit the scope. How Enabled is
 * stored is unconfirmed: an `enabled` or `mode` attribute of <rule> is used when present.
 */
export function parseJournalRuleXml(text: string): NonNullable<JournalRule['parsed']> {
  const doc = xml.parse(text) as Record<string, unknown>;
  const rule = doc.rule as Record<string, unknown> | undefined;
  if (!rule || typeof rule !== 'object') throw new Error('no <rule> element');
  const recipients: string[] = [];
  const conditions: string[] = [];
  const scopeValues: string[] = [];
  const visit = (node: unknown, inJournal: boolean, inCondition: boolean) => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, inJournal, inCondition);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key.startsWith('@') || key === '#text') continue;
      const children = Array.isArray(child) ? child : [child];
      for (const c of children) {
        const attrs = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
        if (key === 'action') {
          visit(c, String(attrs['@name'] ?? '').toLowerCase() === 'journal', false);
        } else if (key === 'condition') {
          visit(c, false, true);
        } else if (key === 'argument') {
          const v = attrs['@value'];
          if (typeof v === 'string') {
            if (inJournal) recipients.push(v.replace(/^smtp:/i, ''));
            else if (inCondition) scopeValues.push(v);
          }
        } else {
          if (inCondition && !['and', 'or', 'not'].includes(key)) conditions.push(key);
          visit(c, inJournal, inCondition);
        }
      }
    }
  };
  visit(rule, false, false);
  const enabledAttr = rule['@enabled'];
  const mode = typeof rule['@mode'] === 'string' ? (rule['@mode'] as string) : undefined;
  let enabled: boolean | undefined;
  if (enabledAttr !== undefined) enabled = String(enabledAttr).toLowerCase() !== 'false';
  else if (mode) enabled = !/^(disabled|off)$/i.test(mode);
  return clean({
    ruleName: typeof rule['@name'] === 'string' ? (rule['@name'] as string) : undefined,
    enabled,
    mode,
    recipients,
    conditions: [...new Set(conditions)],
    scopeValues,
  });
}

export async function readJournalRules(s: LdapSession, org: ExchangeOrganization): Promise<JournalRule[]> {
  const entries = await optionalSearch(s, `CN=JournalingVersioned,CN=Rules,CN=Transport Settings,${org.dn}`, {
    scope: 'one',
    filter: '(objectClass=msExchTransportRule)',
    attributes: ['name', 'cn', 'msExchTransportRuleXml', 'msExchTransportRulePriority', 'whenChanged'],
  });
  return entries.map((e) => {
    const text = str(e, 'msExchTransportRuleXml');
    let parsed: JournalRule['parsed'];
    let parseError: string | undefined;
    if (text) {
      try {
        parsed = parseJournalRuleXml(text);
      } catch (err) {
        parseError = `msExchTransportRuleXml is not readable XML: ${(err as Error).message}`;
      }
    } else parseError = 'msExchTransportRuleXml is empty or not readable by the bind account';
    return clean({
      dn: e.dn,
      name: nameOf(e),
      priority: num(e, 'msExchTransportRulePriority'),
      whenChanged: str(e, 'whenChanged'),
      xml: text,
      parsed,
      parseError,
    });
  });
}

export async function readTransportSettings(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<TransportSettings | null> {
  const e = await s.read(`CN=Transport Settings,${org.dn}`, ['msExchJournalingReportNdrTo']);
  if (!e) return null;
  return clean({ dn: e.dn, journalingReportNdrTo: str(e, 'msExchJournalingReportNdrTo') });
}

export async function readDatabases(s: LdapSession, n: Naming): Promise<MailboxDatabase[]> {
  const entries = await optionalSearch(s, exchangeRoot(n), {
    filter: '(objectClass=msExchPrivateMDB)',
    attributes: ['name', 'cn', 'msExchMessageJournalRecipient', 'msExchOwningServer'],
  });
  const out: MailboxDatabase[] = [];
  for (const e of entries) {
    const journalRecipient = str(e, 'msExchMessageJournalRecipient');
    let journalRecipientObject: MailboxDatabase['journalRecipientObject'];
    if (journalRecipient) {
      const r = await s.read(journalRecipient, ['objectClass', 'mail', 'targetAddress']);
      journalRecipientObject = r
        ? clean({
            objectClass: strs(r, 'objectClass'),
            mail: str(r, 'mail'),
            targetAddress: str(r, 'targetAddress'),
            exists: true,
          })
        : { objectClass: [], exists: false };
    }
    out.push(
      clean({
        dn: e.dn,
        name: nameOf(e),
        journalRecipient,
        journalRecipientObject,
        server: str(e, 'msExchOwningServer'),
      }),
    );
  }
  return out;
}

const escapeValue = (v: string) =>
  v.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * RBAC role assignments that reach the configured archiving account — directly or through a
 * group it is a member of (group members read with ranged retrieval) — plus every assignment of
 * ApplicationImpersonation.
 */
export async function readRoleAssignments(
  s: LdapSession,
  n: Naming,
  org: ExchangeOrganization,
  account: string | undefined,
): Promise<RoleAssignments> {
  const base = `CN=Role Assignments,CN=RBAC,${org.dn}`;
  const all = await optionalSearch(s, base, {
    scope: 'sub',
    filter: '(objectClass=msExchRoleAssignment)',
    attributes: ['name', 'cn', 'msExchRoleLink', 'msExchUserLink', 'msExchRoleAssignmentFlags'],
  });
  const toAssignment = (e: LdapEntry): RoleAssignment => {
    const role = str(e, 'msExchRoleLink') ?? '';
    return clean({
      dn: e.dn,
      name: nameOf(e),
      role,
      roleName: role ? rdnValue(role) : '',
      assignee: str(e, 'msExchUserLink') ?? '',
      flags: num(e, 'msExchRoleAssignmentFlags'),
    });
  };
  const assignments = all.map(toAssignment);
  const impersonation = assignments.filter((a) => a.roleName.toLowerCase() === 'applicationimpersonation');
  const result: RoleAssignments = { assignments: [], impersonation };
  if (!account) return result;
  result.configuredAccount = account;
  const filter = /=/.test(account)
    ? `(distinguishedName=${escapeValue(account)})`
    : account.includes('@')
      ? `(userPrincipalName=${escapeValue(account)})`
      : `(sAMAccountName=${escapeValue(account.replace(/^.*\\/, ''))})`;
  const found = await s.search(n.domain, {
    filter: `(&(objectClass=user)${filter})`,
    attributes: ['sAMAccountName', 'userPrincipalName', 'memberOf'],
    limit: 1,
  });
  const user = found[0];
  if (!user) return result;
  const dn = user.dn;
  const lower = (x: string) => x.toLowerCase();
  // Groups the account is in: the groups assigned roles are few, so ask each for its members
  // (ranged retrieval: role groups can have more members than AD returns in one answer).
  const assignedGroups = [
    ...new Set(assignments.map((a) => a.assignee).filter((a) => lower(a) !== lower(dn))),
  ];
  const groups: string[] = [];
  for (const g of assignedGroups) {
    const members = await groupMembersDeep(s, n, g, 3);
    if (members.has(lower(dn))) groups.push(g);
  }
  result.account = clean({
    dn,
    sAMAccountName: str(user, 'sAMAccountName'),
    userPrincipalName: str(user, 'userPrincipalName'),
    groups,
  });
  const groupSet = new Set(groups.map(lower));
  result.assignments = assignments
    .filter((a) => lower(a.assignee) === lower(dn) || groupSet.has(lower(a.assignee)))
    .map((a) => ({ ...a, via: lower(a.assignee) === lower(dn) ? 'direct' : 'group' }));
  return result;
}

async function groupMembersDeep(s: LdapSession, n: Naming, dn: string, depth: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (const m of await s.rangedValues(dn, 'member')) out.add(m.toLowerCase());
  if (depth > 1 && out.size > 0) {
    const nested = await s.search(n.domain, {
      filter: `(&(objectClass=group)(memberOf=${escapeValue(dn)}))`,
      attributes: ['cn'],
    });
    for (const g of nested) for (const x of await groupMembersDeep(s, n, g.dn, depth - 1)) out.add(x);
  }
  return out;
}
