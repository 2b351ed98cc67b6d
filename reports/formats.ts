// The report formats and their file names, without the renderers: the CLI reads these while it
// parses flags, and loads reports/index.ts (every renderer) only when it writes a report.
import { UsageError } from '../src/util/errors.ts';

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
