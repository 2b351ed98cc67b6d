import type { ExoJournalRule } from '../../evidence/exo.ts';

/** Decodes what PowerShell writes: UTF-8 (with or without BOM) or UTF-16 LE/BE (with or without BOM). */
export function decodeExport(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return swap16(b.subarray(2)).toString('utf16le');
  // No BOM: ASCII JSON in UTF-16 has a NUL in every other byte.
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return b.toString('utf16le');
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return swap16(b).toString('utf16le');
  return b.toString('utf8');
}

function swap16(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return out.swap16();
}

/** Parses an export: empty output (no objects) is `[]`; one object becomes a one-element list. */
export function parseExportJson(text: string): Record<string, unknown>[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  const value: unknown = JSON.parse(trimmed);
  const list = Array.isArray(value) ? value : [value];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new Error(`item ${i} is ${item === null ? 'null' : typeof item}, expected an object`);
  });
  return list as Record<string, unknown>[];
}

/** A case-insensitive property read (PowerShell property names are case-insensitive). */
function prop(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/** An SmtpAddress / recipient id as exported: a string, or an object with Address/Name; `<>` = unset. */
function addressValue(value: unknown): string | undefined {
  let text: unknown = value;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    text = prop(o, 'Address') ?? prop(o, 'PrimarySmtpAddress') ?? prop(o, 'Name') ?? prop(o, 'Identity');
  }
  if (typeof text !== 'string') return undefined;
  const t = text.trim().replace(/^smtp:/i, '');
  return t === '' || t === '<>' ? undefined : t;
}

function boolValue(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return /^true$/i.test(value.trim());
  return undefined;
}

export function toJournalRule(obj: Record<string, unknown>, index: number): ExoJournalRule {
  const name = prop(obj, 'Name') ?? prop(obj, 'Identity');
  const scope = prop(obj, 'Scope');
  const rule: ExoJournalRule = { name: typeof name === 'string' && name ? name : `rule ${index + 1}` };
  const enabled = boolValue(prop(obj, 'Enabled'));
  if (enabled !== undefined) rule.enabled = enabled;
  if (typeof scope === 'string' || typeof scope === 'number') rule.scope = scope;
  const recipient = addressValue(prop(obj, 'Recipient'));
  if (recipient) rule.recipient = recipient;
  const journal = addressValue(prop(obj, 'JournalEmailAddress'));
  if (journal) rule.journalEmailAddress = journal;
  return rule;
}

export function ndrToValue(list: Record<string, unknown>[]): { value?: string; raw?: unknown } {
  const first = list[0];
  if (!first) return {};
  const raw = prop(first, 'JournalingReportNdrTo');
  const value = addressValue(raw);
  return { ...(value ? { value } : {}), ...(raw !== undefined ? { raw } : {}) };
}
