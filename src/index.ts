/** The plugin SDK: what a check module outside this repository imports. */

export { defineCheck, skip } from './engine/define-check.ts';
export type {
  Area,
  CheckContext,
  CheckMeta,
  Finding,
  FindingStatus,
  ScanResult,
  Severity,
} from './engine/types.ts';
export type * from './evidence/index.ts';
