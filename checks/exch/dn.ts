/** DN comparison key: RDNs trimmed, case folded (helper, not a check). */
export function normDnKey(dn: string): string {
  return dn
    .split(/,(?=(?:[^\\]|\\.)*$)/)
    .map((p) => p.trim())
    .join(',')
    .toLowerCase();
}

/** The value of a DN's first RDN (CN=EX01,… → EX01). */
export function rdnOf(dn: string): string {
  const m = dn.match(/^[^=]+=((?:\\.|[^,\\])*)/);
  return (m?.[1] ?? dn).replace(/\\(.)/g, '$1');
}
