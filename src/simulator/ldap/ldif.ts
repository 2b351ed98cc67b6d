/**
 * A small LDIF reader for the simulator's directory: `dn:`/`dn::`, `attr: value`,
 * `attr:: base64`, folded lines (leading space), `#` comments, blank lines between entries.
 * Values given as base64 stay bytes (Buffer).
 */
export type LdifValue = string | Buffer;

export interface LdifEntry {
  dn: string;
  /** Attribute name as written → values, in file order. */
  attributes: [string, LdifValue[]][];
  /** `changetype:` when given (overlays use `delete`). */
  changetype?: string;
}

export function parseLdif(text: string): LdifEntry[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith(' ') && lines.length > 0 && lines[lines.length - 1] !== '') {
      lines[lines.length - 1] += raw.slice(1);
    } else if (raw.startsWith('#')) {
      // a comment line (a folded comment continues with a space and is dropped with it)
      lines.push('\u0000comment');
    } else lines.push(raw);
  }
  const entries: LdifEntry[] = [];
  let current: LdifEntry | undefined;
  const flush = () => {
    if (current) entries.push(current);
    current = undefined;
  };
  for (const line of lines) {
    if (line === '\u0000comment') continue;
    if (line.trim() === '') {
      flush();
      continue;
    }
    const m = line.match(/^([A-Za-z0-9;.-]+)(::?)\s?(.*)$/);
    if (!m) throw new Error(`LDIF: cannot read line: ${line.slice(0, 80)}`);
    const [, name, sep, rest] = m as unknown as [string, string, string, string];
    const value: LdifValue = sep === '::' ? decodeBase64(rest.trim()) : rest;
    if (name.toLowerCase() === 'version' && !current) continue;
    if (name.toLowerCase() === 'dn') {
      flush();
      current = { dn: Buffer.isBuffer(value) ? value.toString('utf8') : value.trim(), attributes: [] };
      continue;
    }
    if (!current) throw new Error(`LDIF: attribute ${name} before any dn: line`);
    if (name.toLowerCase() === 'changetype') {
      current.changetype = String(value).trim().toLowerCase();
      continue;
    }
    const found = current.attributes.find(([n]) => n.toLowerCase() === name.toLowerCase());
    if (found) found[1].push(value);
    else current.attributes.push([name, [value]]);
  }
  flush();
  return entries;
}

function decodeBase64(text: string): LdifValue {
  // On the wire every value is an octet string; base64 values stay bytes (GUIDs, SIDs).
  return Buffer.from(text, 'base64');
}

/**
 * Applies an overlay to a base LDIF (for broken scenario variants that change a few objects):
 * an entry with `changetype: delete` removes the object and everything under it; any other
 * entry replaces the attributes it lists (an empty value deletes the attribute) or adds the
 * object when it does not exist.
 */
export function applyOverlay(base: LdifEntry[], overlay: LdifEntry[]): LdifEntry[] {
  let out = base.map((e) => ({
    ...e,
    attributes: e.attributes.map(([n, v]) => [n, [...v]] as [string, LdifValue[]]),
  }));
  const key = (dn: string) => dn.replace(/\s*,\s*/g, ',').toLowerCase();
  for (const o of overlay) {
    const k = key(o.dn);
    if (o.changetype === 'delete') {
      out = out.filter((e) => key(e.dn) !== k && !key(e.dn).endsWith(`,${k}`));
      continue;
    }
    const target = out.find((e) => key(e.dn) === k);
    if (!target) {
      out.push({ dn: o.dn, attributes: o.attributes.filter(([, v]) => !(v.length === 1 && v[0] === '')) });
      continue;
    }
    for (const [name, values] of o.attributes) {
      target.attributes = target.attributes.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
      if (!(values.length === 1 && values[0] === '')) target.attributes.push([name, values]);
    }
  }
  return out;
}
