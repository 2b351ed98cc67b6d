/**
 * Makes a string from the scanned environment inert on a terminal: C0/C1 control characters
 * (ANSI escapes, carriage returns that overwrite lines) are shown as \uXXXX instead of acted on.
 */
export function termSafe(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A one-line rendering of an arbitrary value for tables and logs. */
export function inline(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = termSafe(text ?? String(value)).replace(/\n/g, '\\n');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
