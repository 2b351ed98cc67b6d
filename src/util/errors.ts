/** A usage or configuration problem: nothing was scanned, the CLI exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A configuration problem at a key path of a config file. */
export class ConfigError extends UsageError {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(
      `${file}: invalid configuration\n` +
        problems.map((p) => `  - ${p.path || '(top level)'}: ${p.message}`).join('\n'),
    );
  }
}

/** Text of any thrown value, with the codes that explain network and TLS faults kept. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const cause = (err as { cause?: unknown }).cause;
    let text = err.message || err.name;
    if (typeof code === 'string' && !text.includes(code)) text = `${code}: ${text}`;
    if (cause && cause !== err) text += ` (cause: ${describeError(cause)})`;
    return text;
  }
  return String(err);
}
