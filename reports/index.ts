import type { ScanResult } from '../src/engine/types.ts';
import { UsageError } from '../src/util/errors.ts';
import { renderConsole } from './console.ts';
import { renderJson } from './json.ts';

export const FORMATS = ['console', 'json'] as const;
export type Format = (typeof FORMATS)[number];
/** Formats of the contract that later work adds; named so the error can say so. */
const PLANNED = ['html', 'md', 'junit', 'sarif'];

export const FILE_NAMES: Record<Format, string> = { console: 'hybridscan.txt', json: 'hybridscan.json' };

export function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) {
    if (PLANNED.includes(f))
      throw new UsageError(`--format ${f} is not available in this version; use ${FORMATS.join(' or ')}`);
    if (!(FORMATS as readonly string[]).includes(f))
      throw new UsageError(`--format: unknown format "${f}" (known: ${FORMATS.join(', ')})`);
  }
  return formats.length ? (formats as Format[]) : ['console'];
}

export function render(
  result: ScanResult,
  format: Format,
  opts: { color: boolean; verbose?: boolean },
): string {
  return format === 'json' ? renderJson(result) : renderConsole(result, opts);
}
