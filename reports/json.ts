import type { ScanResult } from '../src/engine/types.ts';
import { jsonText } from '../src/util/escape.ts';

/** The contract's ScanResult JSON, as is. */
export function renderJson(result: ScanResult): string {
  return `${jsonText(result)}\n`;
}
