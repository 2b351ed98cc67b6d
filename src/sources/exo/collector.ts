import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeError } from '../../util/errors.ts';
import type { CollectContext, Collector } from '../types.ts';
import { decodeExport, ndrToValue, parseExportJson, toJournalRule } from './parse.ts';
import { EXO_FILES } from './types.ts';
import './types.ts';

/**
 * Exchange Online journal rules and transport config from an administrator-supplied export folder
 * (`exchangeOnline.exportDir`): no Graph or documented Admin API endpoint returns them. A missing
 * folder means "not configured"; a missing or malformed file is an artifact error naming the file.
 */
const collector: Collector = {
  id: 'exo',
  stage: 1,
  produces: ['exo.journalRules', 'exo.transportConfig'],
  notConfigured: (config) =>
    config.exchangeOnline?.exportDir
      ? undefined
      : 'set `exchangeOnline.exportDir` to a folder with the Get-JournalRule / Get-TransportConfig exports',
  concurrency: () => 1,
  async collect(ctx) {
    const dir = resolve(ctx.config.exchangeOnline!.exportDir!);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) {
      const error = {
        message: `exchangeOnline.exportDir ${dir} is not a readable folder`,
        code: 'ENOENT',
      };
      ctx.fail('exo.journalRules', error);
      ctx.fail('exo.transportConfig', error);
      return;
    }
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

export default collector;
