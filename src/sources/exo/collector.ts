import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EXO_FILES } from '../../evidence/exo.ts';
import { describeError } from '../../util/errors.ts';
import type { CollectContext, Collector } from '../types.ts';
import { decodeExport, ndrToValue, parseExportJson, toJournalRule } from './parse.ts';

/**
 * Exchange Online journal rules and transport config from an administrator-supplied export folder
 * (`exchangeOnline.exportDir`): no Graph or documented Admin API endpoint returns them. A missing
 * folder means "not configured"; a missing or malformed file is an artifact error naming the file.
 */
const collector: Collector = {
  id: 'exo',
  // The live artifacts (mailboxes … dkimSigningConfig) are declared by the evidence contract; until
  // the live source reads them, an export folder supplies only journal rules and transport config.
  produces: [
    'exo.journalRules',
    'exo.transportConfig',
    'exo.mailboxes',
    'exo.acceptedDomains',
    'exo.organizationConfig',
    'exo.inboundConnectors',
    'exo.outboundConnectors',
    'exo.intraOrgConnectors',
    'exo.orgRelationships',
    'exo.dkimSigningConfig',
  ],
  notConfigured: (config) => {
    const dir = config.exchangeOnline?.exportDir;
    if (!dir)
      return 'set `exchangeOnline.exportDir` to a folder with the Get-JournalRule / Get-TransportConfig exports';
    // A folder that is not there (yet) means no export was supplied: skipped, not a fault.
    if (!isFolder(resolve(dir)))
      return `exchangeOnline.exportDir ${resolve(dir)} does not exist: supply the Get-JournalRule / Get-TransportConfig exports there`;
    return undefined;
  },
  concurrency: () => 1,
  async collect(ctx) {
    const dir = resolve(ctx.config.exchangeOnline!.exportDir!);
    const rules = await readExport(ctx, dir, EXO_FILES.journalRules, 'exo.journalRules');
    if (rules) ctx.put('exo.journalRules', { file: rules.file, rules: rules.list.map(toJournalRule) });
    const transport = await readExport(ctx, dir, EXO_FILES.transportConfig, 'exo.transportConfig');
    if (transport) {
      const { value, raw } = ndrToValue(transport.list);
      ctx.put('exo.transportConfig', {
        file: transport.file,
        ...(value ? { journalingReportNdrTo: value } : {}),
        ...(raw !== undefined ? { raw } : {}),
      });
    }
  },
};

async function readExport(
  ctx: CollectContext,
  dir: string,
  name: string,
  key: 'exo.journalRules' | 'exo.transportConfig',
): Promise<{ file: string; list: Record<string, unknown>[] } | undefined> {
  const file = join(dir, name);
  ctx.progress(`reading ${name}`);
  ctx.countRequest(name);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    ctx.fail(key, {
      message:
        code === 'ENOENT'
          ? `${name} is missing from exchangeOnline.exportDir (${dir})`
          : `cannot read ${file}: ${describeError(err)}`,
      code: code ?? 'EIO',
    });
    return undefined;
  }
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

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export default collector;
