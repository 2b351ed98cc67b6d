import type { ScanResult } from '../src/engine/types.ts';
import { UsageError } from '../src/util/errors.ts';
import { renderConsole } from './console.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif } from './sarif.ts';

export const FORMATS = ['console', 'json', 'html', 'md', 'junit', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const FILE_NAMES: Record<Format, string> = {
  console: 'hybridscan.txt',
  json: 'hybridscan.json',
  html: 'hybridscan.html',
  md: 'hybridscan.md',
  junit: 'hybridscan.junit.xml',
  sarif: 'hybridscan.sarif',
};

export function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(`--format: unknown format "${f}" (known: ${FORMATS.join(', ')})`);
    }
  }
  return formats.length ? [...new Set(formats as Format[])] : ['console'];
}

export function render(
  result: ScanResult,
  format: Format,
  opts: { color: boolean; verbose?: boolean; columns?: number },
): string {
  switch (format) {
    case 'json':
      return renderJson(result);
    case 'html':
      return renderHtml(result);
    case 'md':
      return renderMarkdown(result);
    case 'junit':
      return renderJunit(result);
    case 'sarif':
      return renderSarif(result);
    default:
      return renderConsole(result, opts);
  }
}
