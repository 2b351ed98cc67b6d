export const BUILD_STAMP: string;
export const BUNDLE_MAIN: string;
export function newestSourceMtime(root: string): number;
export function chooseEntry(
  root: string,
  env?: Record<string, string | undefined>,
): { entry: 'dist' } | { entry: 'tsx'; reason: string };
export function isDevTree(root: string): boolean;
