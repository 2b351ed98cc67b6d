import { escapeHtml as h } from '../../src/util/escape.ts';

/** Nesting depth shown as nested lists; deeper values are shown as compact JSON. */
const MAX_DEPTH = 2;
/** Items of one list shown before "… and N more" (the raw JSON keeps them all). */
const MAX_ITEMS = 20;

/**
 * A finding's evidence as a key/value list a person reads, with the exact JSON behind a
 * disclosure. Every key and value is escaped; long values wrap (see the stylesheet's `dd`).
 */
export function evidenceHtml(evidence: Record<string, unknown> | undefined): string {
  if (!evidence) return '';
  const entries = Object.entries(evidence).filter(([, v]) => v !== undefined);
  if (!entries.length) return '';
  return `<dl class="ev">${entries.map(([k, v]) => `<dt>${h(k)}</dt><dd>${valueHtml(v, 1)}</dd>`).join('')}</dl>
<details class="raw"><summary>Raw evidence (JSON)</summary><pre><code>${h(JSON.stringify(evidence, null, 2) ?? '')}</code></pre></details>`;
}

function valueHtml(value: unknown, depth: number): string {
  if (value === null) return '<span class="nil">null</span>';
  if (typeof value === 'string') return value === '' ? '<span class="nil">(empty)</span>' : h(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return h(String(value));
  if (Array.isArray(value)) {
    if (!value.length) return '<span class="nil">(none)</span>';
    const shown = value.slice(0, MAX_ITEMS);
    const more = value.length - shown.length;
    const items = shown.map(
      (v) => `<li>${isScalar(v) || depth < MAX_DEPTH ? valueHtml(v, depth + 1) : json(v)}</li>`,
    );
    if (more > 0) items.push(`<li class="more">… and ${more} more</li>`);
    return `<ul class="evl">${items.join('')}</ul>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return '<span class="nil">(empty)</span>';
    if (depth >= MAX_DEPTH) return json(value);
    return `<dl class="ev">${entries.map(([k, v]) => `<dt>${h(k)}</dt><dd>${valueHtml(v, depth + 1)}</dd>`).join('')}</dl>`;
  }
  return h(String(value));
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function json(v: unknown): string {
  return `<code>${h(JSON.stringify(v) ?? String(v))}</code>`;
}
