/** `graph.certificate.certFile`, `exceptions[0].expires`: a key path as error messages print it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

export interface Problem {
  path: string;
  message: string;
}
