import { readFileSync } from 'node:fs';
import type { Answer } from 'dns-packet';

/**
 * A small master-file (RFC 1035 §5) reader for the scenario zones. The subset: `$ORIGIN`, `$TTL`,
 * `;` comments, quoted strings, `( … )` continuation, `@`, relative and absolute names, a blank
 * owner repeating the previous one, optional TTL and class (IN) in either order, and the types
 * A AAAA CNAME NS PTR MX TXT SRV SOA DS DNSKEY TLSA CAA. Knot reads the same files in the
 * integration tier, so anything written here must stay valid master-file syntax.
 */
export interface Zone {
  origin: string;
  records: Answer[];
}

export class ZoneSyntaxError extends Error {
  override name = 'ZoneSyntaxError';
}

function tokenize(line: string, where: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === ';') {
      break;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) {
          s += line[j + 1];
          j += 2;
        } else s += line[j++];
      }
      if (j >= line.length) throw new ZoneSyntaxError(`${where}: unterminated string`);
      out.push(`"${s}`); // leading quote marks a quoted token
      i = j + 1;
    } else if (c === '(' || c === ')') {
      out.push(c);
      i++;
    } else {
      let j = i;
      while (j < line.length && !' \t;"()'.includes(line[j]!)) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

const TYPES = new Set([
  'A',
  'AAAA',
  'CNAME',
  'NS',
  'PTR',
  'MX',
  'TXT',
  'SRV',
  'SOA',
  'DS',
  'DNSKEY',
  'TLSA',
  'CAA',
]);

export function parseZone(text: string, defaultOrigin = '.', file = 'zone'): Zone {
  let origin = absolute(defaultOrigin, '.');
  let ttl = 3600;
  let owner: string | undefined;
  const records: Answer[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const where = `${file}:${n + 1}`;
    let raw = lines[n]!;
    let tokens = tokenize(raw, where);
    // Join a parenthesised record spanning several lines.
    let depth = tokens.filter((t) => t === '(').length - tokens.filter((t) => t === ')').length;
    while (depth > 0) {
      n++;
      if (n >= lines.length) throw new ZoneSyntaxError(`${where}: unclosed "("`);
      const more = tokenize(lines[n]!, `${file}:${n + 1}`);
      depth += more.filter((t) => t === '(').length - more.filter((t) => t === ')').length;
      tokens = tokens.concat(more);
      raw += ' ';
    }
    tokens = tokens.filter((t) => t !== '(' && t !== ')');
    if (tokens.length === 0) continue;
    if (tokens[0] === '$ORIGIN') {
      origin = absolute(tokens[1] ?? '', origin);
      continue;
    }
    if (tokens[0] === '$TTL') {
      ttl = Number(tokens[1]);
      if (!Number.isInteger(ttl)) throw new ZoneSyntaxError(`${where}: bad $TTL`);
      continue;
    }
    if (tokens[0]!.startsWith('$')) throw new ZoneSyntaxError(`${where}: unsupported directive ${tokens[0]}`);
    if (!/^[ \t]/.test(raw)) owner = absolute(tokens.shift()!, origin);
    if (!owner) throw new ZoneSyntaxError(`${where}: record without an owner name`);
    let recordTtl = ttl;
    for (let k = 0; k < 2; k++) {
      if (/^\d+$/.test(tokens[0] ?? '')) recordTtl = Number(tokens.shift());
      else if (tokens[0]?.toUpperCase() === 'IN') tokens.shift();
    }
    const type = tokens.shift()?.toUpperCase();
    if (!type || !TYPES.has(type))
      throw new ZoneSyntaxError(`${where}: unsupported or missing type ${type ?? ''}`);
    records.push(rdata(owner, type, recordTtl, tokens, origin, where));
  }
  return { origin: trimDot(origin), records };
}

export function readZoneFile(path: string, origin?: string): Zone {
  const base = path
    .split('/')
    .pop()!
    .replace(/\.zone$/, '');
  return parseZone(readFileSync(path, 'utf8'), origin ?? `${base}.`, path);
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  if (name.endsWith('.')) return name.toLowerCase();
  return `${name}.${origin === '.' ? '' : origin}`.toLowerCase();
}

function trimDot(name: string): string {
  return name === '.' ? '' : name.replace(/\.$/, '');
}

function num(token: string | undefined, where: string): number {
  const v = Number(token);
  if (token === undefined || !Number.isFinite(v))
    throw new ZoneSyntaxError(`${where}: expected a number, got ${token}`);
  return v;
}

function str(token: string | undefined, where: string): string {
  if (token === undefined) throw new ZoneSyntaxError(`${where}: missing field`);
  return token.startsWith('"') ? token.slice(1) : token;
}

function rdata(owner: string, type: string, ttl: number, t: string[], origin: string, where: string): Answer {
  const name = trimDot(owner);
  const host = (x: string | undefined) => trimDot(absolute(str(x, where), origin));
  const base = { name, ttl, class: 'IN' as const };
  switch (type) {
    case 'A':
    case 'AAAA':
      return { ...base, type, data: str(t[0], where) };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { ...base, type, data: host(t[0]) };
    case 'MX':
      return { ...base, type, data: { preference: num(t[0], where), exchange: host(t[1]) } };
    case 'TXT':
      if (t.length === 0) throw new ZoneSyntaxError(`${where}: TXT without strings`);
      for (const x of t)
        if (Buffer.byteLength(str(x, where)) > 255)
          throw new ZoneSyntaxError(
            `${where}: TXT character-string longer than 255 bytes (split it into several "…" "…")`,
          );
      return { ...base, type, data: t.map((x) => str(x, where)) };
    case 'SRV':
      return {
        ...base,
        type,
        data: {
          priority: num(t[0], where),
          weight: num(t[1], where),
          port: num(t[2], where),
          target: host(t[3]),
        },
      };
    case 'SOA':
      return {
        ...base,
        type,
        data: {
          mname: host(t[0]),
          rname: host(t[1]),
          serial: num(t[2], where),
          refresh: num(t[3], where),
          retry: num(t[4], where),
          expire: num(t[5], where),
          minimum: num(t[6], where),
        },
      };
    case 'DS':
      return {
        ...base,
        type,
        data: {
          keyTag: num(t[0], where),
          algorithm: num(t[1], where),
          digestType: num(t[2], where),
          digest: Buffer.from(t.slice(3).join(''), 'hex'),
        },
      };
    case 'DNSKEY':
      return {
        ...base,
        type,
        data: {
          flags: num(t[0], where),
          algorithm: num(t[2], where),
          key: Buffer.from(t.slice(3).join(''), 'base64'),
        },
      };
    case 'TLSA':
      return {
        ...base,
        type,
        data: {
          usage: num(t[0], where),
          selector: num(t[1], where),
          matchingType: num(t[2], where),
          certificate: Buffer.from(t.slice(3).join(''), 'hex'),
        },
      };
    case 'CAA':
      return {
        ...base,
        type,
        data: { flags: num(t[0], where), tag: str(t[1], where) as 'issue', value: str(t[2], where) },
      };
    default:
      throw new ZoneSyntaxError(`${where}: unsupported type ${type}`);
  }
}
