import type { ScanResult } from '../src/engine/types.ts';

/** The contract's ScanResult JSON, as is. */
export function renderJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
