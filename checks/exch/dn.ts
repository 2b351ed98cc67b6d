/** DN comparison key: RDNs trimmed, case folded (helper, not a check). */
export function normDnKey(dn: string): string {
  return dn
    .split(/,(?=(?:[^\\]|\\.)*$)/)
    .map((p) => p.trim())
    .join(',')
    .toLowerCase();
}
