import type { ScanResult } from '../src/engine/types.ts';
import { renderConsole } from './console.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSarif } from './sarif.ts';

export { FILE_NAMES, FORMATS, type Format } from './formats.ts';

import type { Format } from './formats.ts';

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
