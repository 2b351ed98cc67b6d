/**
 * Reading 100,000 Exchange Online mailboxes from the simulator (Admin API Get-Mailbox, paged):
 * requests, time and peak memory of the live exo source. Run alone with
 * `node bin/run-ts.js bench/exo-mailboxes.ts`; bench/run.ts includes it.
 */
import { parseConfig } from '../src/config/load.ts';
import { loadScanApp } from '../src/simulator/graph/data.ts';
import { loadScenario } from '../src/simulator/scenario.ts';
import { startExoServer } from '../src/simulator/servers/exo.ts';
import loginServer from '../src/simulator/servers/login.ts';
import { TEST_CA_FILE } from '../src/simulator/tls.ts';
import { collectAll } from '../src/sources/collect.ts';
import exo from '../src/sources/exo/collector.ts';
import { loadTlsTrust } from '../src/util/tls.ts';

interface ExoBench {
  mailboxes: number;
  pageSize: number;
  requests: number;
  ms: number;
  rssPeakMb: number;
  heapGrowthMb: number;
}

const pad = (i: number) => String(i).padStart(12, '0');

export async function benchExoMailboxes(count = 100_000, pageSize = 1000): Promise<ExoBench> {
  const scenario = loadScenario('contoso-ready');
  const app = loadScanApp(scenario)!;
  const login = (await loginServer.start(scenario))!;
  const server = await startExoServer({
    tenants: ['contoso.onmicrosoft.com'],
    // Rows made on demand: the simulator holds no list, so the memory measured is the client's.
    mailboxes: {
      count,
      at: (i) => ({
        PrimarySmtpAddress: `user${i}@contoso.com`,
        UserPrincipalName: `user${i}@contoso.com`,
        RecipientTypeDetails: 'UserMailbox',
        ExchangeGuid: `00000000-0000-4000-8000-${pad(i)}`,
        ArchiveStatus: 'None',
        ArchiveGuid: '00000000-0000-0000-0000-000000000000',
        IsDirSynced: true,
        LitigationHoldEnabled: false,
        ExternalDirectoryObjectId: `10000000-0000-4000-8000-${pad(i)}`,
        EmailAddresses: [`SMTP:user${i}@contoso.com`, `smtp:user${i}@contoso.mail.onmicrosoft.com`],
      }),
    },
    cmdlets: {},
    simulation: {},
  });
  try {
    const { config } = parseConfig(
      {
        tenant: 'contoso.onmicrosoft.com',
        graph: { clientId: app.clientId, clientSecret: app.secret },
        exchangeOnline: { pageSize },
        endpoints: {
          login: (login.config.endpoints as { login: string }).login,
          exchangeOnline: server.origin,
          caFile: TEST_CA_FILE,
        },
      },
      'bench',
      '/',
    );
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let rssPeak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const result = await collectAll({
      config,
      tls: loadTlsTrust(config),
      signal: new AbortController().signal,
      collectors: [exo],
    });
    const ms = Math.round(performance.now() - started);
    clearInterval(sampler);
    const record = result.artifacts['exo.mailboxes'] as { data?: { mailboxes?: unknown[] } } | undefined;
    const list = record?.data;
    if (!list?.mailboxes || list.mailboxes.length !== count)
      throw new Error(`read ${list?.mailboxes?.length ?? 0} of ${count} mailboxes`);
    global.gc?.();
    const heapGrowthMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024);
    return {
      mailboxes: count,
      pageSize,
      requests: server.stats.byCmdlet['Get-Mailbox'] ?? 0,
      ms,
      rssPeakMb: Math.round(rssPeak / 1024 / 1024),
      heapGrowthMb,
    };
  } finally {
    await server.close();
    await login.stop();
  }
}

if (process.argv.some((a) => a.endsWith('exo-mailboxes.ts')))
  console.log(JSON.stringify(await benchExoMailboxes()));
