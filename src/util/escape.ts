/**
 * The one escaping module: every string from the scanned environment is data, never markup or a
 * terminal command. Each output format has one function here; renderers use nothing else.
 */

/**
 * Makes a string from the scanned environment inert on a terminal: C0/C1 control characters
 * (ANSI escapes, carriage returns that overwrite lines) are shown as \uXXXX instead of acted on.
 */
export function termSafe(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, showCode).replace(INVISIBLE, showCode);
}

/**
 * Bidirectional overrides/isolates and zero-width characters: invisible, yet they reorder or hide
 * what a reader sees (U+202E makes `exe.txt` read as `txt.exe`). Every format shows them as \uXXXX.
 */
const INVISIBLE = /[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A one-line rendering of an arbitrary value for tables and logs. */
export function inline(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const safe = termSafe(text ?? String(value)).replace(/\n/g, '\\n');
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}

/** HTML text and attribute values. Control characters are shown, not passed on. */
export function escapeHtml(value: string): string {
  return stripControls(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** XML 1.0 cannot carry most control characters even escaped: they are shown as \uXXXX. */
export const escapeXml = escapeHtml;

/**
 * Markdown: raw HTML is neutralised with entities (Markdown renders them as text), the characters
 * that start markup are backslash-escaped, table cells stay on one line. Apostrophes and quotes
 * need neither, so `don't` reads as written, not `don&#39;t`.
 */
export function escapeMarkdown(value: string): string {
  return stripControls(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

/** Evidence as `key: value` lines, for the markup formats to escape as a whole. */
export function evidenceText(evidence: Record<string, unknown> | undefined): string {
  if (!evidence) return '';
  return Object.entries(evidence)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}

function stripControls(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, showCode)
    .replace(INVISIBLE, showCode);
}

function showCode(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/**
 * A Markdown fenced code block whose fence is longer than any backtick run in the text, so the
 * text cannot close it; control characters are shown as \uXXXX.
 */
export function markdownCodeBlock(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${termSafe(text)}\n${fence}`;
}

/**
 * JSON text with invisible reordering characters written as \uXXXX escapes: the parsed value is
 * identical, but `cat result.json` on a terminal shows them instead of obeying them.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(INVISIBLE_OR_SEPARATOR, showCode);
}
const INVISIBLE_OR_SEPARATOR = new RegExp(`${INVISIBLE.source.slice(0, -1)}\\u2028\\u2029]`, 'g');
