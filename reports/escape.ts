/** Escaping for the markup formats: environment strings are data, never markup. */
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

/** Markdown: backslash-escape the characters that start markup, and keep table cells on one line. */
export function escapeMarkdown(value: string): string {
  return escapeHtml(value)
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
    .replace(/\r?\n/g, '<br>');
}

function stripControls(value: string): string {
  return value.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function evidenceText(evidence: Record<string, unknown> | undefined): string {
  if (!evidence) return '';
  return Object.entries(evidence)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n');
}
