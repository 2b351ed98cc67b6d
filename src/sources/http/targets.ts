import type { Config } from '../../config/schema.ts';
import type { GraphUser } from '../../evidence/graph.ts';
import type { ProbeTargets, SampleUser, TargetOrigin } from '../../evidence/http.ts';
import type { ArtifactKey, ArtifactMap } from '../../evidence/index.ts';
import type { AdUser } from '../../evidence/ldap.ts';

/** Microsoft's own tenant domains: never an Autodiscover name the customer publishes. */
const MICROSOFT_DOMAIN = /(^|\.)(onmicrosoft\.(com|us|de)|onmschina\.cn|partner\.onmschina\.cn)$/i;

/** msExchRecipientTypeDetails values (decompiled enum; see catalogue §5). */
const USER_MAILBOX = '1';
const REMOTE_USER_MAILBOX = '2147483648';
/** msExchRemoteRecipientType bits: ProvisionMailbox 1, Migrated 4, DeprovisionMailbox 8. */
const PROVISION_MAILBOX = 1;
const MIGRATED = 4;
const DEPROVISION_MAILBOX = 8;
/** System and arbitration mailboxes are never sample users. */
const SYSTEM_MAILBOX =
  /^(healthmailbox|systemmailbox|discoverysearchmailbox|federatedemail|migration\.|extest_|sm_)/i;

type Get = <K extends ArtifactKey>(key: K) => ArtifactMap[K] | undefined;

class OriginMap {
  readonly map = new Map<string, { from: TargetOrigin[]; domain?: string }>();
  add(key: string, from: TargetOrigin, domain?: string): void {
    const k = key.toLowerCase().replace(/\.$/, '');
    if (!k) return;
    const entry = this.map.get(k);
    if (!entry) this.map.set(k, { from: [from], ...(domain ? { domain } : {}) });
    else if (!entry.from.includes(from)) entry.from.push(from);
  }
}

function isMicrosoftDomain(domain: string): boolean {
  return MICROSOFT_DOMAIN.test(domain);
}

/**
 * The deduplicated probe targets: mail domains from the config and from whichever of DNS, Graph
 * and LDAP were collected; `autodiscover.<domain>`, SRV targets, SCP hosts; sample users.
 */
export function buildTargets(config: Config, get: Get): ProbeTargets {
  const probes = config.probes;
  const notes: string[] = [];
  const domains = new OriginMap();
  for (const d of config.domains) domains.add(d, 'config.domains');
  for (const d of Object.keys(get('dns.domains') ?? {})) domains.add(d, 'dns.domains');
  for (const d of get('graph.domains') ?? []) {
    if (d.isVerified && d.supportedServices.some((s) => s.toLowerCase() === 'email'))
      domains.add(d.id, 'graph.domains');
  }
  for (const d of get('ldap.acceptedDomains') ?? []) {
    if (d.type.toLowerCase() === 'authoritative') domains.add(d.domain, 'ldap.acceptedDomains');
  }

  const users = pickUsers(config, get, notes);
  for (const u of [users.onPremises, users.cloud]) {
    const domain = u?.address.split('@')[1];
    if (domain) domains.add(domain, 'config');
  }
  for (const name of [...domains.map.keys()]) if (isMicrosoftDomain(name)) domains.map.delete(name);

  const hosts = new OriginMap();
  const dns = get('dns.domains') ?? {};
  for (const name of domains.map.keys()) {
    const srv = dns[name]?.[`_autodiscover._tcp.${name}/SRV`];
    const srvRecords = srv?.state === 'noerror' ? srv.records : [];
    // autodiscover.<domain> that DNS says does not exist is not probed when an SRV record routes
    // Autodiscover elsewhere (a valid set-up); without SRV it is probed and its absence reported.
    const nxdomain = Object.entries(dns[name] ?? {}).some(
      ([key, answer]) => key.toLowerCase().startsWith(`autodiscover.${name}/`) && answer.state === 'nxdomain',
    );
    if (nxdomain && srvRecords.length > 0)
      notes.push(`autodiscover.${name} does not exist; Autodiscover for ${name} uses its SRV record`);
    else hosts.add(`autodiscover.${name}`, 'autodiscover', name);
    for (const r of srvRecords) {
      const data = r.data as { target?: string; port?: number } | undefined;
      if (!data?.target || data.target === '.') continue;
      const host = data.target.replace(/\.$/, '');
      hosts.add(data.port && data.port !== 443 ? `${host}:${data.port}` : host, 'dns.srv', name);
    }
  }
  for (const scp of get('ldap.autodiscoverScps') ?? []) {
    for (const url of scp.urls) {
      try {
        const u = new URL(url);
        if (u.protocol === 'https:') hosts.add(u.host, 'ldap.scp');
        else notes.push(`SCP ${scp.server} publishes a non-HTTPS URL ${url}; not probed`);
      } catch {
        notes.push(`SCP ${scp.server} has an invalid URL ${url}`);
      }
    }
  }
  for (const h of probes?.autodiscoverHosts ?? []) hosts.add(h, 'probes.autodiscoverHosts');

  const ews = new OriginMap();
  for (const url of probes?.ewsUrls ?? []) ews.add(url, 'probes.ewsUrls');

  return {
    domains: [...domains.map].map(([name, v]) => ({ name, from: v.from })),
    autodiscoverHosts: [...hosts.map].map(([host, v]) => ({
      host,
      from: v.from,
      ...(v.domain ? { domain: v.domain } : {}),
    })),
    ewsUrls: [...ews.map].map(([url, v]) => ({ url, from: v.from })),
    exoAutodiscover: config.endpoints.exoAutodiscover.replace(/\/+$/, ''),
    users,
    notes,
  };
}

function pickUsers(config: Config, get: Get, notes: string[]): ProbeTargets['users'] {
  const out: ProbeTargets['users'] = {};
  const p = config.probes;
  if (p?.onPremisesMailbox)
    out.onPremises = { address: p.onPremisesMailbox, pickedFrom: 'config', rule: 'probes.onPremisesMailbox' };
  if (p?.cloudMailbox)
    out.cloud = { address: p.cloudMailbox, pickedFrom: 'config', rule: 'probes.cloudMailbox' };
  const ad = get('ldap.users');
  if (ad) {
    out.onPremises ??= pickAd(ad, 'onPremises');
    out.cloud ??= pickAd(ad, 'cloud');
  }
  const graph = get('graph.users');
  if (graph) {
    out.onPremises ??= pickGraph(graph, 'onPremises');
    out.cloud ??= pickGraph(graph, 'cloud');
  }
  if (!out.onPremises)
    notes.push(
      'no on-premises sample mailbox: set probes.onPremisesMailbox (none found in ldap.users or graph.users)',
    );
  if (!out.cloud)
    notes.push('no cloud sample mailbox: set probes.cloudMailbox (none found in ldap.users or graph.users)');
  return out;
}

function primarySmtp(u: { mail?: string | null; proxyAddresses: string[] }): string | undefined {
  const primary = u.proxyAddresses.find((a) => a.startsWith('SMTP:'))?.slice(5);
  return (primary ?? u.mail ?? undefined)?.toLowerCase();
}

function usable(address: string | undefined): address is string {
  return (
    !!address &&
    address.includes('@') &&
    !SYSTEM_MAILBOX.test(address) &&
    !isMicrosoftDomain(address.split('@')[1]!)
  );
}

/**
 * AD: an enabled UserMailbox (msExchRecipientTypeDetails 1) for on-prem; a RemoteUserMailbox
 * (2147483648) whose msExchRemoteRecipientType says migrated or provisioned in the cloud and not
 * deprovisioned for the cloud sample (migrated ones first). Alphabetical by address among equals.
 */
export function pickAd(users: readonly AdUser[], kind: 'onPremises' | 'cloud'): SampleUser | undefined {
  const enabled = (u: AdUser) => ((u.userAccountControl ?? 0) & 2) === 0;
  const candidates = users
    .filter((u) => usable(primarySmtp(u)) && enabled(u))
    .filter((u) => {
      if (kind === 'onPremises') return u.msExchRecipientTypeDetails === USER_MAILBOX;
      if (u.msExchRecipientTypeDetails !== REMOTE_USER_MAILBOX) return false;
      const bits = Number(u.msExchRemoteRecipientType ?? 0);
      return (bits & (PROVISION_MAILBOX | MIGRATED)) !== 0 && (bits & DEPROVISION_MAILBOX) === 0;
    })
    .map((u) => ({
      address: primarySmtp(u)!,
      rank: kind === 'cloud' && Number(u.msExchRemoteRecipientType ?? 0) & MIGRATED ? 0 : 1,
    }))
    .sort((a, b) => a.rank - b.rank || a.address.localeCompare(b.address));
  const first = candidates[0];
  if (!first) return undefined;
  return {
    address: first.address,
    pickedFrom: 'ldap.users',
    rule:
      kind === 'onPremises'
        ? 'first enabled AD user with msExchRecipientTypeDetails=1 (UserMailbox), by address'
        : 'first enabled AD user with msExchRecipientTypeDetails=2147483648 (RemoteUserMailbox) and msExchRemoteRecipientType Migrated/ProvisionMailbox, migrated first, by address',
  };
}

/**
 * Graph only (no LDAP): a cloud mailbox is an enabled user with an enabled `exchange` plan; an
 * on-prem mailbox is a synchronised user with a mail address and no enabled `exchange` plan.
 * The on-prem guess is weaker (an unlicensed user looks the same); set probes.* to be exact.
 */
export function pickGraph(users: readonly GraphUser[], kind: 'onPremises' | 'cloud'): SampleUser | undefined {
  const hasExo = (u: GraphUser) =>
    (u.assignedPlans ?? []).some(
      (p) => p.service?.toLowerCase() === 'exchange' && p.capabilityStatus?.toLowerCase() === 'enabled',
    );
  const candidates = users
    .filter((u) => u.accountEnabled !== false && usable(primarySmtp(u)))
    .filter((u) => (kind === 'cloud' ? hasExo(u) : u.onPremisesSyncEnabled === true && !hasExo(u)))
    .map((u) => primarySmtp(u)!)
    .sort();
  const first = candidates[0];
  if (!first) return undefined;
  return {
    address: first,
    pickedFrom: 'graph.users',
    rule:
      kind === 'cloud'
        ? 'first enabled Entra user with an enabled Exchange Online plan, by address'
        : 'first synchronised Entra user with a mail address and no Exchange Online plan, by address (a guess: set probes.onPremisesMailbox)',
  };
}
