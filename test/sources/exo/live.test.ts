import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.ts';
import type { ExoData } from '../../../src/simulator/exo/data.ts';
import { listSource } from '../../../src/simulator/exo/data.ts';
import { loadScanApp } from '../../../src/simulator/graph/data.ts';
import { loadScenario } from '../../../src/simulator/scenario.ts';
import { startExoServer } from '../../../src/simulator/servers/exo.ts';
import loginServer from '../../../src/simulator/servers/login.ts';
import { TEST_CA_FILE } from '../../../src/simulator/tls.ts';
import type { StartedServer } from '../../../src/simulator/types.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import { assertReadOnly, cmdletRequest, READ_CMDLETS } from '../../../src/sources/exo/client.ts';
import exo, { planKeys } from '../../../src/sources/exo/collector.ts';
import { EXO_GRANT_STEPS } from '../../../src/sources/exo/permissions.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

const TENANT = 'contoso.onmicrosoft.com';
const scenario = loadScenario('contoso-ready');
const app = loadScanApp(scenario)!;
let login: StartedServer;
let loginOrigin: string;
const root = mkdtempSync(join(tmpdir(), 'hybridscan-exo-live-'));

beforeAll(async () => {
  login = (await loginServer.start(scenario))!;
  loginOrigin = (login.config.endpoints as { login: string }).login;
}, 10_000);
afterAll(async () => {
  await login?.stop();
  rmSync(root, { recursive: true, force: true });
});

const mailbox = (i: number) => ({
  PrimarySmtpAddress: `user${i}@contoso.com`,
  UserPrincipalName: `user${i}@contoso.com`,
  RecipientTypeDetails: 'UserMailbox',
  ExchangeGuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  ArchiveStatus: 'None',
  IsDirSynced: true,
  LitigationHoldEnabled: false,
  ExternalDirectoryObjectId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  EmailAddresses: [`SMTP:user${i}@contoso.com`],
  // Not a contract field: $select must leave it out.
  ProhibitSendQuota: '99 GB',
});

function exoData(over: Partial<ExoData> = {}, count = 3): ExoData {
  return {
    tenants: [TENANT],
    mailboxes: { count, at: mailbox },
    cmdlets: {
      'Get-AcceptedDomain': [{ DomainName: 'contoso.com', DomainType: 'Authoritative', Default: true }],
      'Get-OrganizationConfig': [{ EwsEnabled: false, EwsAllowedAppIDs: ['abc'] }],
      'Get-JournalRule': [
        { Name: 'Live rule', Enabled: true, Scope: 'Global', JournalEmailAddress: 'j@g.example' },
      ],
      'Get-TransportConfig': [{ JournalingReportNdrTo: 'ndr@contoso.com' }],
      'Get-InboundConnector': [{ Name: 'Inbound from x', ConnectorType: 'OnPremises', Enabled: true }],
    },
    simulation: {},
    ...over,
  };
}

let n = 0;
async function scan(
  data: ExoData,
  exchangeOnline: Record<string, unknown> = {},
  extra: { graph?: Record<string, unknown>; host?: string } = {},
) {
  const server = await startExoServer(data);
  try {
    const { config } = parseConfig(
      {
        tenant: TENANT,
        graph: { clientId: app.clientId, clientSecret: app.secret, ...extra.graph },
        exchangeOnline: { maxRetryWaitMs: 5000, ...exchangeOnline },
        endpoints: {
          login: loginOrigin,
          // An IP as the network address: the token must still be for outlook.office365.com.
          exchangeOnline: `https://${extra.host ?? '127.0.0.1'}:${server.port}`,
          caFile: TEST_CA_FILE,
        },
      },
      'test',
      '/',
    );
    const started = Date.now();
    const result = await collectAll({
      config,
      tls: loadTlsTrust(config),
      signal: new AbortController().signal,
      collectors: [exo],
    });
    return { result, stats: server.stats, ms: Date.now() - started };
  } finally {
    await server.close();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: artifact data read loosely in tests
type Json = any;
const art = (r: Awaited<ReturnType<typeof scan>>['result'], key: string) =>
  r.artifacts[key as keyof typeof r.artifacts] as { status: string; data?: Json; error?: Json };

describe('exo live source (loopback simulator, real TLS)', () => {
  it('reads the whole mailbox list page by page, contract fields only; the token is for outlook.office365.com although the address is an IP', async () => {
    const { result, stats } = await scan(exoData({}, 2500), { pageSize: 1000 });
    const m = art(result, 'exo.mailboxes');
    expect(m.error).toBeUndefined();
    expect(m.status).toBe('ok');
    expect(m.data.complete).toBe(true);
    expect(m.data.origin).toEqual({ via: 'admin-api', cmdlet: 'Get-Mailbox' });
    expect(m.data.mailboxes).toHaveLength(2500);
    expect(m.data.mailboxes[2499].primarySmtpAddress).toBe('user2499@contoso.com');
    expect(Object.keys(m.data.mailboxes[0])).not.toContain('ProhibitSendQuota');
    expect(JSON.stringify(m.data.mailboxes[0])).not.toMatch(/99 GB/);
    expect(stats.byCmdlet['Get-Mailbox']).toBe(3);
    expect(new Set(stats.audiences)).toEqual(new Set(['https://outlook.office365.com']));
    expect(stats.anchors[0]).toMatch(/^UPN:SystemMailbox\{.+\}@contoso\.onmicrosoft\.com$/);
    // Without invokeCommand only the Admin API cmdlets are sent.
    expect(new Set(stats.cmdlets)).toEqual(
      new Set(['Get-Mailbox', 'Get-AcceptedDomain', 'Get-OrganizationConfig']),
    );
    expect(art(result, 'exo.organizationConfig').data).toMatchObject({
      origin: { via: 'admin-api' },
      ewsEnabled: false,
      ewsEnabledKnown: true,
      ewsAllowedAppIds: ['abc'],
    });
  });

  it('a 403 names the cmdlet, the status, the permission and the RBAC role; the other keys are read', async () => {
    const { result } = await scan(exoData({ simulation: { forbidden: ['Get-Mailbox'] } }));
    const m = art(result, 'exo.mailboxes');
    expect(m.status).toBe('error');
    expect(m.error.code).toBe('FORBIDDEN');
    expect(m.error.permission).toBe('Exchange.ManageAsAppV2');
    expect(m.error.message).toMatch(
      /^Get-Mailbox: HTTP 403 — .*Exchange\.ManageAsAppV2.*'View-Only Recipients'.*New-ManagementRoleAssignment/,
    );
    expect(art(result, 'exo.acceptedDomains').status).toBe('ok');
  });

  it('a 401 (token for another audience) names the cmdlet and the resource', async () => {
    const { result } = await scan(exoData({ simulation: { audience: 'https://outlook.office.com' } }));
    const m = art(result, 'exo.acceptedDomains');
    expect(m.status).toBe('error');
    expect(m.error.message).toMatch(
      /^Get-AcceptedDomain: HTTP 401 InvalidAuthenticationToken .*outlook\.office365\.com.*audience/,
    );
  });

  it('a wrong secret fails every live key with AUTH_FAILED and the AADSTS code', async () => {
    const { result } = await scan(exoData(), {}, { graph: { clientSecret: 'wrong' } });
    for (const key of ['exo.mailboxes', 'exo.acceptedDomains', 'exo.organizationConfig']) {
      expect(art(result, key).status).toBe('error');
      expect(art(result, key).error).toMatchObject({ code: 'AUTH_FAILED' });
      expect(art(result, key).error.message).toMatch(/AADSTS7000215/);
    }
  });

  it('recovers from a 429 storm (Retry-After), and errors within the budget when it never ends', async () => {
    const ok = await scan(exoData({ simulation: { throttleFirst: 4, retryAfterSeconds: 0 } }));
    expect(art(ok.result, 'exo.mailboxes').status).toBe('ok');
    expect(ok.stats.throttled).toBe(4);
    const storm = await scan(exoData({ simulation: { throttleAlways: true, retryAfterSeconds: 0 } }), {
      maxAttempts: 3,
    });
    const m = art(storm.result, 'exo.mailboxes');
    expect(m.status).toBe('error');
    expect(m.error.code).toBe('THROTTLED');
    expect(m.error.message).toMatch(/^Get-Mailbox: throttled \(HTTP 429\)/);
    expect(storm.stats.byCmdlet['Get-Mailbox']).toBe(3);
  });

  it('a connection reset mid-page fails the mailbox list (never a partial list marked complete)', async () => {
    const { result, stats } = await scan(
      exoData({ simulation: { resetOnPage: { 'Get-Mailbox': 2 } } }, 2500),
      {
        pageSize: 1000,
        maxAttempts: 2,
      },
    );
    const m = art(result, 'exo.mailboxes');
    expect(m.status).toBe('error');
    expect(m.error.message).toMatch(/^Get-Mailbox: /);
    expect(stats.byCmdlet['Get-Mailbox']).toBe(3); // page 1, page 2, one retry of page 2
    expect(art(result, 'exo.acceptedDomains').status).toBe('ok');
  });

  it('a never-answering endpoint ends in a timeout error (per request, and the overall deadline)', async () => {
    const perRequest = await scan(exoData({ simulation: { hang: ['Get-Mailbox'] } }), {
      timeoutMs: 300,
      maxAttempts: 1,
    });
    expect(art(perRequest.result, 'exo.mailboxes').error.code).toBe('ETIMEDOUT');
    expect(art(perRequest.result, 'exo.acceptedDomains').status).toBe('ok');
    expect(perRequest.ms).toBeLessThan(5000);
    const overall = await scan(exoData({ simulation: { hang: ['Get-Mailbox'] } }), {
      timeoutMs: 60_000,
      overallTimeoutMs: 700,
    });
    expect(art(overall.result, 'exo.mailboxes').error).toMatchObject({ code: 'TIMEOUT' });
    expect(art(overall.result, 'exo.mailboxes').error.message).toMatch(/Get-Mailbox: .*overallTimeoutMs/);
    expect(overall.ms).toBeLessThan(5000);
  });

  it('live wins over the export (origin says which); the export fills what live does not read', async () => {
    const dir = join(root, `export-${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'journal-rules.json'), JSON.stringify({ Name: 'Exported rule', Enabled: true }));
    writeFileSync(
      join(dir, 'transport-config.json'),
      JSON.stringify({ JournalingReportNdrTo: 'x@y.example' }),
    );
    writeFileSync(join(dir, 'accepted-domains.json'), JSON.stringify([{ DomainName: 'exported.example' }]));
    writeFileSync(join(dir, 'inbound-connectors.json'), JSON.stringify([{ Name: 'Exported inbound' }]));
    const live = await scan(exoData(), { exportDir: dir, invokeCommand: true });
    expect(art(live.result, 'exo.journalRules').data).toMatchObject({
      origin: { via: 'invoke-command', cmdlet: 'Get-JournalRule' },
      rules: [{ name: 'Live rule' }],
    });
    expect(art(live.result, 'exo.acceptedDomains').data.origin.via).toBe('admin-api');
    expect(art(live.result, 'exo.inboundConnectors').data.items[0].name).toBe('Inbound from x');
    expect(live.stats.cmdlets).toContain('Get-JournalRule');

    const fallback = await scan(exoData(), { exportDir: dir });
    expect(art(fallback.result, 'exo.journalRules').data).toMatchObject({
      origin: { via: 'export', file: join(dir, 'journal-rules.json') },
      file: join(dir, 'journal-rules.json'),
      rules: [{ name: 'Exported rule' }],
    });
    expect(art(fallback.result, 'exo.inboundConnectors').data).toMatchObject({
      origin: { via: 'export' },
      items: [{ name: 'Exported inbound' }],
    });
    expect(art(fallback.result, 'exo.acceptedDomains').data.origin.via).toBe('admin-api');
    expect(fallback.stats.cmdlets).not.toContain('Get-JournalRule');
  });

  it('only read-only Get-* cmdlets from the allow-list can ever be sent', async () => {
    for (const bad of [
      'Set-Mailbox',
      'New-InboxRule',
      'Remove-Mailbox',
      'Get-Mailbox; Remove-Mailbox',
      'get-mailbox',
      'Get-MailboxExportRequest',
      '',
    ])
      expect(() => assertReadOnly(bad)).toThrow(/refusing/);
    for (const via of ['admin-api', 'invoke-command'] as const)
      expect(() =>
        cmdletRequest({ baseUrl: 'https://x', tenant: TENANT, pageSize: 10 }, via, 'Set-Mailbox', {}),
      ).toThrow(/refusing/);
    for (const c of READ_CMDLETS) {
      expect(c).toMatch(/^Get-[A-Za-z]+$/);
      const body = JSON.parse(
        cmdletRequest({ baseUrl: 'https://x', tenant: TENANT, pageSize: 10 }, 'invoke-command', c, {}).body,
      );
      expect(body.CmdletInput.CmdletName).toBe(c);
    }
    // A full live read with InvokeCommand sends nothing else (the simulator counts non-Get names).
    const { stats } = await scan(exoData(), { invokeCommand: true });
    expect(stats.nonGet).toBe(0);
    expect(stats.cmdlets.length).toBeGreaterThan(8);
    for (const c of stats.cmdlets) expect(READ_CMDLETS as readonly string[]).toContain(c);
  });

  it('device code: live is not configured, with the reason; live: false without exports likewise', () => {
    const cfg = (raw: Record<string, unknown>) => parseConfig({ tenant: TENANT, ...raw }, 'test', '/').config;
    expect(exo.notConfigured(cfg({ graph: { clientId: 'x', deviceCode: true } }))).toMatch(
      /app-only.*deviceCode/,
    );
    expect(exo.notConfigured(cfg({ graph: { clientId: 'x', clientSecret: 's' } }))).toBeUndefined();
    expect(
      exo.notConfigured(
        cfg({ graph: { clientId: 'x', clientSecret: 's' }, exchangeOnline: { live: false } }),
      ),
    ).toMatch(/exchangeOnline\.exportDir/);
    expect(planKeys(cfg({ graph: { clientId: 'x', clientSecret: 's' } }))['exo.journalRules']).toBe('export');
    expect(
      planKeys(cfg({ graph: { clientId: 'x', clientSecret: 's' }, exchangeOnline: { invokeCommand: true } }))[
        'exo.journalRules'
      ],
    ).toBe('invoke-command');
  });

  it('a bad config value names its key path', () => {
    expect(() => parseConfig({ tenant: TENANT, exchangeOnline: { pageSize: 5000 } }, 'test', '/')).toThrow(
      /exchangeOnline\.pageSize/,
    );
    expect(() =>
      parseConfig({ tenant: TENANT, endpoints: { exchangeOnline: 'http://x' } }, 'test', '/'),
    ).toThrow(/endpoints\.exchangeOnline/);
  });
});

it('keeps listSource usable for fixed rows', () => {
  expect(listSource([{ a: 1 }]).at(0)).toEqual({ a: 1 });
});

it('exports the grant steps as data: API permission, consent, service principal and read-only roles', () => {
  const admin = EXO_GRANT_STEPS.adminApi.map((s) => s.command).join('\n');
  expect(admin).toMatch(/Exchange\.ManageAsAppV2/);
  expect(admin).toMatch(/admin-consent/);
  expect(admin).toMatch(/New-ServicePrincipal -AppId <appId> -ObjectId <spObjectId>/);
  expect(admin).toMatch(/New-ManagementRoleAssignment -App <appId> -Role "View-Only Recipients"/);
  expect(admin).toMatch(/New-ManagementRoleAssignment -App <appId> -Role "View-Only Configuration"/);
  const invoke = EXO_GRANT_STEPS.invokeCommand.map((s) => s.command).join('\n');
  expect(invoke).toMatch(/'Exchange\.ManageAsApp'/);
  expect(invoke).toMatch(/f2ef992c-3afb-46b9-b7cf-a126ee74c451/); // Global Reader
});

it('a key live cannot read falls back to its export file (origin export); without a file the live error stands', async () => {
  const dir = join(root, 'fallback');
  mkdirSync(dir);
  writeFileSync(join(dir, 'accepted-domains.json'), JSON.stringify([{ DomainName: 'exported.example' }]));
  const { result } = await scan(
    exoData({ simulation: { forbidden: ['Get-AcceptedDomain', 'Get-Mailbox'] } }),
    {
      exportDir: dir,
    },
  );
  expect(art(result, 'exo.acceptedDomains').data).toMatchObject({
    origin: { via: 'export', file: join(dir, 'accepted-domains.json') },
    domains: [{ domainName: 'exported.example' }],
  });
  expect(art(result, 'exo.mailboxes').error.code).toBe('FORBIDDEN');
});
