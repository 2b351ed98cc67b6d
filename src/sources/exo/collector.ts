import { statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/schema.ts';
import { EXO_FILES, type ExoMailbox, type ExoOrigin } from '../../evidence/exo.ts';
import type { ArtifactMap } from '../../evidence/index.ts';
import { exoMailboxCompactor } from '../../util/compact-records.ts';
import { describeError } from '../../util/errors.ts';
import { AuthFailure, createTokenSource, EXO_SCOPE, explainAuthError } from '../graph/auth.ts';
import { RetryBudget } from '../graph/http.ts';
import type { CollectContext, Collector } from '../types.ts';
import { type ExoClientOptions, ExoRequestError, type ReadCmdlet, sendCmdlet, type Via } from './client.ts';
import {
  decodeExport,
  MAILBOX_PROPERTIES,
  ndrToValue,
  parseExportJson,
  toAcceptedDomain,
  toDkimSigningConfig,
  toInboundConnector,
  toIntraOrgConnector,
  toJournalRule,
  toMailbox,
  toOrganizationConfig,
  toOrgRelationship,
  toOutboundConnector,
} from './parse.ts';
import { EXO_KEYS, type ExoKey } from './permissions.ts';

type Row = Record<string, unknown>;

/** What each artifact is read with, live and from an export, and how its rows become the artifact. */
interface KeyPlan {
  cmdlet: ReadCmdlet;
  file: string;
  /** Admin API endpoint exists for it (else it needs InvokeCommand). */
  adminApi?: boolean;
  parameters?: Record<string, unknown>;
  select?: readonly string[];
  build(rows: Row[], origin: ExoOrigin, file?: string): unknown;
}

const items =
  <T>(map: (o: Row, i: number) => T | undefined) =>
  (rows: Row[]) =>
    rows.map(map).filter((v): v is T => v !== undefined);

const PLANS: Record<ExoKey, KeyPlan> = {
  'exo.mailboxes': {
    cmdlet: 'Get-Mailbox',
    file: EXO_FILES.mailboxes,
    adminApi: true,
    parameters: { ResultSize: 'Unlimited' },
    select: MAILBOX_PROPERTIES,
    // Live reads reduce page by page (readMailboxes); this builds an export's list.
    build: (rows, origin) => ({ origin, complete: true, mailboxes: items(toMailbox)(rows) }),
  },
  'exo.acceptedDomains': {
    cmdlet: 'Get-AcceptedDomain',
    file: EXO_FILES.acceptedDomains,
    adminApi: true,
    select: ['DomainName', 'DomainType', 'Default'],
    build: (rows, origin) => ({ origin, domains: items(toAcceptedDomain)(rows) }),
  },
  'exo.organizationConfig': {
    cmdlet: 'Get-OrganizationConfig',
    file: EXO_FILES.organizationConfig,
    adminApi: true,
    build: (rows, origin) => ({ origin, ...toOrganizationConfig(rows[0] ?? {}) }),
  },
  'exo.inboundConnectors': {
    cmdlet: 'Get-InboundConnector',
    file: EXO_FILES.inboundConnectors,
    build: (rows, origin) => ({ origin, items: rows.map(toInboundConnector) }),
  },
  'exo.outboundConnectors': {
    cmdlet: 'Get-OutboundConnector',
    file: EXO_FILES.outboundConnectors,
    build: (rows, origin) => ({ origin, items: rows.map(toOutboundConnector) }),
  },
  'exo.intraOrgConnectors': {
    cmdlet: 'Get-IntraOrganizationConnector',
    file: EXO_FILES.intraOrgConnectors,
    build: (rows, origin) => ({ origin, items: rows.map(toIntraOrgConnector) }),
  },
  'exo.orgRelationships': {
    cmdlet: 'Get-OrganizationRelationship',
    file: EXO_FILES.orgRelationships,
    build: (rows, origin) => ({ origin, items: rows.map(toOrgRelationship) }),
  },
  'exo.dkimSigningConfig': {
    cmdlet: 'Get-DkimSigningConfig',
    file: EXO_FILES.dkimSigningConfig,
    build: (rows, origin) => ({ origin, items: rows.map(toDkimSigningConfig) }),
  },
  'exo.journalRules': {
    cmdlet: 'Get-JournalRule',
    file: EXO_FILES.journalRules,
    build: (rows, origin, file) => ({ ...(file ? { file } : {}), origin, rules: rows.map(toJournalRule) }),
  },
  'exo.transportConfig': {
    cmdlet: 'Get-TransportConfig',
    file: EXO_FILES.transportConfig,
    build: (rows, origin, file) => {
      const { value, raw } = ndrToValue(rows);
      return {
        ...(file ? { file } : {}),
        origin,
        ...(value ? { journalingReportNdrTo: value } : {}),
        ...(raw !== undefined ? { raw } : {}),
      };
    },
  },
};

/** Live reading is on: explicitly, or by default when the graph app has an app-only credential. */
function liveWanted(config: Config): boolean {
  const g = config.graph;
  return config.exchangeOnline?.live ?? Boolean(g && !g.deviceCode && (g.clientSecret || g.certificate));
}

/** Why live reading cannot run although wanted (device code, no graph app, no tenant), or undefined. */
function liveBlocked(config: Config): string | undefined {
  const g = config.graph;
  if (!g)
    return 'the live Exchange Online source signs in with the graph app: set graph.clientId and a credential';
  if (g.deviceCode)
    return 'the live Exchange Online source is app-only and graph.deviceCode: true signs in a user: set graph.clientSecret or graph.certificate (same app, Exchange.ManageAsAppV2), or supply exchangeOnline.exportDir';
  if (!g.clientSecret && !g.certificate) return 'graph has no app credential (clientSecret or certificate)';
  if (!config.tenant) return 'set `tenant`: the Admin API URL names it';
  return undefined;
}

/** Which way each key is read: live over one of the two APIs, or from the export folder. */
export function planKeys(config: Config): Record<ExoKey, Via | 'export'> {
  const live = liveWanted(config) && liveBlocked(config) === undefined;
  const invoke = live && config.exchangeOnline?.invokeCommand === true;
  const out = {} as Record<ExoKey, Via | 'export'>;
  for (const key of EXO_KEYS) {
    const plan = PLANS[key];
    // With InvokeCommand on, the organisation config comes from the full cmdlet (every EWS field).
    if (live && plan.adminApi && !(invoke && key === 'exo.organizationConfig')) out[key] = 'admin-api';
    else if (invoke) out[key] = 'invoke-command';
    else out[key] = 'export';
  }
  return out;
}

/**
 * Exchange Online: live over HTTPS (the Admin API, plus the opt-in InvokeCommand endpoint for the
 * cmdlets the Admin API lacks), app-only with the graph app's credentials and a token for
 * https://outlook.office365.com; or from an administrator-supplied export folder
 * (`exchangeOnline.exportDir`). Live wins; the export fills the keys live does not read. Each
 * artifact's `origin` says which was used. A failed cmdlet fails the keys it feeds, nothing else.
 */
const collector: Collector = {
  id: 'exo',
  produces: EXO_KEYS,
  notConfigured: (config) => {
    const dir = config.exchangeOnline?.exportDir;
    const hasExport = dir !== undefined && isFolder(resolve(dir));
    if (liveWanted(config) && liveBlocked(config) === undefined) return undefined;
    if (hasExport) return undefined;
    if (config.exchangeOnline?.live === true || config.graph?.deviceCode) {
      const why = liveBlocked(config);
      if (why) return `${why}${dir ? '' : ' (or set `exchangeOnline.exportDir` to a folder of exports)'}`;
    }
    if (!dir)
      return 'set graph app credentials (read live) or `exchangeOnline.exportDir` to a folder with the Get-JournalRule / Get-TransportConfig exports';
    // A folder that is not there (yet) means no export was supplied: skipped, not a fault.
    return `exchangeOnline.exportDir ${resolve(dir)} does not exist: supply the Get-JournalRule / Get-TransportConfig exports there`;
  },
  concurrency: () => 4,
  async collect(ctx) {
    const plan = planKeys(ctx.config);
    const dir = ctx.config.exchangeOnline?.exportDir;
    const folder = dir && isFolder(resolve(dir)) ? resolve(dir) : undefined;
    const exportKeys = EXO_KEYS.filter((k) => plan[k] === 'export');
    const liveKeys = EXO_KEYS.filter((k) => plan[k] !== 'export');
    await Promise.all([
      folder ? readExports(ctx, folder, exportKeys) : Promise.resolve(),
      liveKeys.length ? readLive(ctx, liveKeys, plan, folder) : Promise.resolve(),
    ]);
  },
};

async function readExports(ctx: CollectContext, dir: string, keys: readonly ExoKey[]): Promise<void> {
  for (const key of keys) {
    const plan = PLANS[key];
    // Journal rules and transport config are expected in every export folder; the rest are optional.
    const required = key === 'exo.journalRules' || key === 'exo.transportConfig';
    const read = await readExport(ctx, dir, plan.file, key, required);
    if (!read) continue;
    ctx.put(key, plan.build(read.list, { via: 'export', file: read.file }, read.file) as never);
  }
}

async function readExport(
  ctx: CollectContext,
  dir: string,
  name: string,
  key: ExoKey,
  required: boolean,
): Promise<{ file: string; list: Row[] } | undefined> {
  const file = join(dir, name);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' && !required) return undefined;
    ctx.progress(`reading ${name}`);
    ctx.countRequest(name);
    ctx.fail(key, {
      message:
        code === 'ENOENT'
          ? `${name} is missing from exchangeOnline.exportDir (${dir})`
          : `cannot read ${file}: ${describeError(err)}`,
      code: code ?? 'EIO',
    });
    return undefined;
  }
  ctx.progress(`reading ${name}`);
  ctx.countRequest(name);
  try {
    return { file, list: parseExportJson(decodeExport(bytes)) };
  } catch (err) {
    ctx.fail(key, {
      message: `${name} is not valid export JSON: ${(err as Error).message}`,
      code: 'EBADJSON',
    });
    return undefined;
  }
}

/** The overall deadline fired (exchangeOnline.overallTimeoutMs), not Ctrl-C or --timeout. */
class DeadlineError extends Error {
  override name = 'DeadlineError';
}

async function readLive(
  ctx: CollectContext,
  keys: readonly ExoKey[],
  plan: Record<ExoKey, Via | 'export'>,
  folder: string | undefined,
): Promise<void> {
  const { config } = ctx;
  // A key live could not read (sign-in failed, 403, timeout…) falls back to its export file when
  // the folder has one (the origin says `export`); without one, the live error stands.
  const fail = async (key: ExoKey, error: { message: string; code?: string; permission?: string }) => {
    if (folder && (await exists(join(folder, PLANS[key].file)))) {
      ctx.progress(
        `Exchange Online: ${PLANS[key].cmdlet} failed live (${error.message}); reading the export`,
      );
      const read = await readExport(ctx, folder, PLANS[key].file, key, true);
      if (read)
        ctx.put(key, PLANS[key].build(read.list, { via: 'export', file: read.file }, read.file) as never);
      return;
    }
    ctx.fail(key, error);
  };
  const exo = config.exchangeOnline;
  const timeoutMs = exo?.timeoutMs ?? 30_000;
  const overallMs = exo?.overallTimeoutMs ?? 300_000;
  const budget = new RetryBudget(exo?.maxAttempts ?? 6, exo?.maxRetryWaitMs ?? 60_000);
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new DeadlineError(`no complete answer within exchangeOnline.overallTimeoutMs (${overallMs} ms)`),
      ),
    overallMs,
  );
  const onAbort = () => deadline.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const signal = deadline.signal;
  try {
    ctx.progress('Exchange Online: signing in (app-only, https://outlook.office365.com)');
    let getToken: () => Promise<{ token: string }>;
    try {
      getToken = createTokenSource({
        config,
        tls: ctx.tls,
        budget,
        signal,
        count: ctx.countRequest,
        prompt: () => {},
        scope: EXO_SCOPE,
        timeoutMs,
      });
      await getToken();
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const failure = err instanceof AuthFailure ? err : explainAuthError(err);
      const message = signal.aborted ? describeError(signal.reason) : failure.message;
      for (const key of keys)
        await fail(key, {
          message: `Exchange Online sign-in: ${message}`,
          code: signal.aborted ? 'TIMEOUT' : 'AUTH_FAILED',
        });
      return;
    }
    const client: ExoClientOptions = {
      baseUrl: config.endpoints.exchangeOnline,
      tenant: config.tenant!,
      getToken: async () => (await getToken()).token,
      tls: ctx.tls,
      timeoutMs,
      connectTo: config.endpoints.connectTo,
      signal,
      limiter: ctx.limiter,
      budget,
      pageSize: exo?.pageSize ?? 1000,
      count: ctx.countRequest,
    };
    await Promise.all(
      keys.map(async (key) => {
        const via = plan[key] as Via;
        const p = PLANS[key];
        const origin: ExoOrigin = { via, cmdlet: p.cmdlet };
        try {
          if (key === 'exo.mailboxes') {
            ctx.put(key, await readMailboxes(ctx, client, via, origin));
            return;
          }
          ctx.progress(`Exchange Online: ${p.cmdlet}`);
          const rows: Row[] = [];
          await sendCmdlet(client, via, p.cmdlet, p.parameters ?? {}, (page) => rows.push(...page), p.select);
          ctx.put(key, p.build(rows, origin) as ArtifactMap[typeof key]);
        } catch (err) {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          await fail(key, liveError(p.cmdlet, err, signal));
        }
      }),
    );
    if (budget.retries > 0)
      ctx.progress(
        `Exchange Online: recovered from ${budget.retries} throttled answers (${budget.waitedMs} ms waited)`,
      );
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** The whole mailbox list, page by page, each row reduced to the contract fields as it arrives. */
async function readMailboxes(
  ctx: CollectContext,
  client: ExoClientOptions,
  via: Via,
  origin: ExoOrigin,
): Promise<ArtifactMap['exo.mailboxes']> {
  const p = PLANS['exo.mailboxes'];
  const mailboxes: ExoMailbox[] = [];
  const compact = exoMailboxCompactor();
  ctx.progress('Exchange Online: Get-Mailbox');
  await sendCmdlet(
    client,
    via,
    p.cmdlet,
    p.parameters ?? {},
    (rows, page) => {
      for (const row of rows) {
        const m = toMailbox(row);
        if (m) mailboxes.push(compact(m));
      }
      if (page > 1) ctx.progress(`Exchange Online: Get-Mailbox page ${page} (${mailboxes.length} mailboxes)`);
    },
    p.select,
  );
  // Only reached when every page was read: a failed page throws, and a partial list is never put.
  return { origin, complete: true, mailboxes };
}

function liveError(cmdlet: string, err: unknown, signal: AbortSignal) {
  if (signal.aborted && signal.reason instanceof DeadlineError)
    return { message: `${cmdlet}: ${signal.reason.message}`, code: 'TIMEOUT' };
  if (err instanceof ExoRequestError) {
    const permission =
      err.status === 403
        ? err.via === 'admin-api'
          ? 'Exchange.ManageAsAppV2'
          : 'Exchange.ManageAsApp'
        : undefined;
    return { message: err.message, code: err.code, ...(permission ? { permission } : {}) };
  }
  if (err instanceof AuthFailure)
    return { message: `Exchange Online sign-in: ${err.message}`, code: 'AUTH_FAILED' };
  const code = (err as { code?: unknown }).code;
  return { message: `${cmdlet}: ${describeError(err)}`, ...(typeof code === 'string' ? { code } : {}) };
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export default collector;
