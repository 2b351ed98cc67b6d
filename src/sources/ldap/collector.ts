import { readFileSync } from 'node:fs';
import type { Config } from '../../config/schema.ts';
import type { ArtifactKey, ArtifactMap } from '../../evidence/index.ts';
import { countText } from '../../util/throttle.ts';
import { certificatePem } from '../../util/tls.ts';
import type { CollectContext, Collector } from '../types.ts';
import { explainLdapError, LdapError, LdapSession } from './client.ts';
import {
  exchangeRoot,
  type Naming,
  readAcceptedDomains,
  readAuthServers,
  readAutodiscoverScps,
  readDatabases,
  readEmailAddressPolicies,
  readGeneric,
  readHybridConfiguration,
  readJournalRules,
  readMailObjects,
  readOrganizations,
  readPartnerApplications,
  readPrepLevels,
  readRoleAssignments,
  readRootDse,
  readServers,
  readTransportSettings,
  readUsers,
} from './reader.ts';

export const LDAP_ARTIFACTS = [
  'ldap.rootDse',
  'ldap.organizations',
  'ldap.prepLevels',
  'ldap.exchangeServers',
  'ldap.hybridConfiguration',
  'ldap.acceptedDomains',
  'ldap.emailAddressPolicies',
  'ldap.users',
  'ldap.mailObjects',
  'ldap.autodiscoverScps',
  'ldap.authServers',
  'ldap.partnerApplications',
  'ldap.settingOverrides',
  'ldap.intraOrgConnectors',
  'ldap.orgRelationships',
  'ldap.sendConnectors',
  'ldap.journalRules',
  'ldap.transportSettings',
  'ldap.databases',
  'ldap.roleAssignments',
] as const satisfies readonly ArtifactKey[];

/** The CA list for the DC: Node's roots + endpoints.caFile + ldap.caFile. */
function ldapTrust(config: Config, base: string[]): string[] {
  const file = config.ldap?.caFile;
  if (!file) return base;
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new LdapError(
      `cannot read ldap.caFile ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`,
      'TLS',
    );
  }
  // DER (a Windows export) is converted; anything else would be ignored by Node and misreported as a TLS fault.
  try {
    return [...base, certificatePem(data, file, 'ldap.caFile')];
  } catch (err) {
    throw new LdapError((err as Error).message, 'TLS');
  }
}

const collector: Collector = {
  id: 'ldap',
  produces: LDAP_ARTIFACTS,
  notConfigured: (config) => (config.ldap ? undefined : 'set `ldap.url` (and bindDn/password) in the config'),
  concurrency: (config) => config.ldap?.concurrency ?? 4,
  async collect(ctx) {
    const cfg = ctx.config.ldap;
    if (!cfg) return;
    const failAll = (err: LdapError) => {
      for (const key of LDAP_ARTIFACTS)
        if (!ctx.record(key)) ctx.fail(key, { message: err.message, code: err.code });
    };
    let session: LdapSession;
    try {
      ctx.progress(`connecting to ${cfg.url}`);
      ctx.countRequest('bind');
      session = await LdapSession.open({
        url: cfg.url,
        ...(cfg.bindDn ? { bindDn: cfg.bindDn } : {}),
        ...(cfg.password !== undefined ? { password: cfg.password } : {}),
        startTls: cfg.startTls,
        allowInsecure: cfg.allowInsecure,
        ca: ldapTrust(ctx.config, ctx.tls.ca),
        timeoutMs: cfg.timeoutMs,
        pageSize: cfg.pageSize,
        connectTo: ctx.config.endpoints.connectTo,
        signal: ctx.signal,
        onPage: () => ctx.countRequest('search page'),
      });
    } catch (err) {
      failAll(explainLdapError(err, 'connect', cfg.url));
      return;
    }
    try {
      await collectWith(ctx, session);
    } finally {
      await session.close();
    }
  },
};

async function collectWith(ctx: CollectContext, s: LdapSession): Promise<void> {
  const cfg = ctx.config.ldap!;
  const guard = async <K extends ArtifactKey>(key: K, work: () => Promise<ArtifactMap[K]>) => {
    try {
      const data = await work();
      ctx.put(key, data);
      return data;
    } catch (err) {
      const e = explainLdapError(err, `reading ${key}`, cfg.url);
      ctx.fail(key, {
        message: e.message,
        code: e.code,
        ...(e.code === 'FORBIDDEN' ? { permission: 'read access to the AD object (bind account)' } : {}),
      });
      return undefined;
    }
  };

  ctx.progress('rootDSE');
  const root = await guard('ldap.rootDse', () => readRootDse(s));
  const domain = cfg.baseDn ?? root?.defaultNamingContext;
  const configuration = cfg.configurationDn ?? root?.configurationNamingContext;
  if (!domain || !configuration) {
    const message = root
      ? `rootDSE of ${cfg.url} has no ${domain ? 'configurationNamingContext' : 'defaultNamingContext'}; set ldap.baseDn / ldap.configurationDn`
      : 'rootDSE could not be read, so the naming contexts are unknown';
    for (const key of LDAP_ARTIFACTS)
      if (!ctx.record(key)) ctx.fail(key, { message, code: 'NO_NAMING_CONTEXT' });
    return;
  }
  const naming: Naming = {
    domain,
    configuration,
    schema: root?.schemaNamingContext ?? `CN=Schema,${configuration}`,
  };

  const run = (task: () => Promise<unknown>) => {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return task();
  };
  // The users (the longest read by far) and the other mail objects need only the naming
  // contexts: they start now, beside the organisation read and what depends on it.
  const early = ctx.limiter.map(
    [
      async () => {
        ctx.progress('AD users');
        const started = performance.now();
        // No total is known ahead (AD gives no estimate with paged results); ldap.maxUsers bounds it.
        const users = await guard('ldap.users', () =>
          readUsers(
            s,
            naming,
            cfg.maxUsers,
            (n) => ctx.progress(countText('AD users', n, cfg.maxUsers)),
            // each user as it is read, not the whole list in one pass once the last page is in
            ctx.compactRecords('ldap.users'),
          ),
        );
        if (users)
          ctx.progress(
            `${countText('AD users', users.length)} in ${Math.round(performance.now() - started)} ms`,
          );
      },
      () => guard('ldap.mailObjects', () => readMailObjects(s, naming)),
    ],
    run,
  );
  // awaited below; a rejection (the scan stopped) must not count as unhandled meanwhile
  early.catch(() => {});

  const orgs = await ctx.limiter.run(() => guard('ldap.organizations', () => readOrganizations(s, naming)));
  const org = orgs?.[0];
  const noOrg = (key: ArtifactKey) =>
    ctx.fail(key, {
      message: orgs
        ? `no Exchange organisation under ${exchangeRoot(naming)}`
        : 'the Exchange organisation could not be read',
      code: 'NO_EXCHANGE_ORG',
    });
  const orgScoped = <K extends ArtifactKey>(
    key: K,
    work: (o: NonNullable<typeof org>) => Promise<ArtifactMap[K]>,
  ) => (org ? guard(key, () => work(org)) : Promise.resolve(noOrg(key)));

  const tasks: (() => Promise<unknown>)[] = [
    () => guard('ldap.prepLevels', () => readPrepLevels(s, naming, org)),
    () => guard('ldap.exchangeServers', () => readServers(s, naming)),
    () => guard('ldap.acceptedDomains', () => readAcceptedDomains(s, naming)),
    () => guard('ldap.autodiscoverScps', () => readAutodiscoverScps(s, naming)),
    () => guard('ldap.databases', () => readDatabases(s, naming)),
    () => orgScoped('ldap.hybridConfiguration', (o) => readHybridConfiguration(s, o)),
    () => orgScoped('ldap.emailAddressPolicies', (o) => readEmailAddressPolicies(s, o)),
    () => orgScoped('ldap.authServers', (o) => readAuthServers(s, o)),
    () => orgScoped('ldap.partnerApplications', (o) => readPartnerApplications(s, o)),
    () =>
      orgScoped('ldap.settingOverrides', (o) =>
        readGeneric(s, `CN=Setting Overrides,CN=Global Settings,${o.dn}`, '(objectClass=*)', 'one'),
      ),
    () =>
      orgScoped('ldap.intraOrgConnectors', (o) =>
        readGeneric(
          s,
          `CN=Intra Organization Connectors,${o.dn}`,
          '(objectClass=msExchIntraOrganizationConnector)',
        ),
      ),
    () =>
      orgScoped('ldap.orgRelationships', (o) =>
        readGeneric(s, o.dn, '(objectClass=msExchFedSharingRelationship)'),
      ),
    () =>
      orgScoped('ldap.sendConnectors', (o) =>
        readGeneric(s, `CN=Administrative Groups,${o.dn}`, '(objectClass=msExchRoutingSMTPConnector)'),
      ),
    () => orgScoped('ldap.journalRules', (o) => readJournalRules(s, o)),
    () => orgScoped('ldap.transportSettings', (o) => readTransportSettings(s, o)),
    () =>
      orgScoped('ldap.roleAssignments', (o) =>
        readRoleAssignments(s, naming, o, cfg.archivingServiceAccount),
      ),
  ];
  await Promise.all([early, ctx.limiter.map(tasks, run)]);
}

export default collector;
