import type { Remediation } from './types.ts';

/** The object form the ScanResult carries, whatever form the check declared. */
export function toRemediation(value: string | Remediation): Remediation {
  if (typeof value === 'string') return { text: value };
  return {
    text: value.text,
    ...(value.powershell?.length ? { powershell: [...value.powershell] } : {}),
    ...(value.dns?.length ? { dns: [...value.dns] } : {}),
    ...(value.portal ? { portal: value.portal } : {}),
  };
}

/** Why a declared remediation is unusable, or undefined when it is fine. */
export function remediationProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return value ? undefined : 'remediation is missing';
  if (!value || typeof value !== 'object') return 'remediation is missing';
  const r = value as Record<string, unknown>;
  if (typeof r.text !== 'string' || !r.text) return 'remediation.text is missing';
  for (const key of ['powershell', 'dns'] as const) {
    const list = r[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string' && x)))
      return `remediation.${key} must be a list of strings`;
  }
  if (r.portal !== undefined && typeof r.portal !== 'string') return 'remediation.portal must be a string';
  return undefined;
}
