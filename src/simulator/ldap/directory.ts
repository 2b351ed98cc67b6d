import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from 'ldapts';
import { type LdifEntry, type LdifValue, parseLdif } from './ldif.ts';

/** One directory object: attribute values by lower-case name, with the spelling kept. */
export interface DirEntry {
  dn: string;
  /** Lower-cased, whitespace-normalised DN for lookups. */
  key: string;
  attrs: Map<string, { name: string; values: LdifValue[] }>;
}

const AND_RULE = '1.2.840.113556.1.4.803';
const OR_RULE = '1.2.840.113556.1.4.804';

export function normDn(dn: string): string {
  return dn
    .split(/,(?=(?:[^\\]|\\.)*$)/)
    .map((p) => p.trim())
    .join(',')
    .toLowerCase();
}

function parentKey(key: string): string | undefined {
  const m = key.match(/^(?:\\.|[^,\\])*,(.*)$/);
  return m ? m[1] : undefined;
}

const text = (v: LdifValue) => (Buffer.isBuffer(v) ? v.toString('utf8') : v);

/**
 * The simulated Active Directory: an in-memory tree from LDIF, with the rootDSE (the entry
 * with an empty DN), AD partitions (a subtree search of the domain does not descend into
 * CN=Configuration; it returns a continuation reference instead) and the memberOf back-link.
 */
export class Directory {
  readonly entries: DirEntry[] = [];
  readonly byKey = new Map<string, DirEntry>();
  rootDse: DirEntry;

  constructor(ldif: LdifEntry[]) {
    let root: DirEntry | undefined;
    for (const e of ldif) {
      const entry: DirEntry = { dn: e.dn, key: normDn(e.dn), attrs: new Map() };
      for (const [name, values] of e.attributes)
        entry.attrs.set(name.toLowerCase(), { name, values: [...values] });
      if (e.dn === '') root = entry;
      else {
        this.entries.push(entry);
        this.byKey.set(entry.key, entry);
      }
    }
    this.rootDse = root ?? { dn: '', key: '', attrs: new Map() };
    // memberOf back-links, computed like AD does
    for (const e of this.entries) {
      for (const m of e.attrs.get('member')?.values ?? []) {
        const target = this.byKey.get(normDn(text(m)));
        if (!target) continue;
        const slot = target.attrs.get('memberof') ?? { name: 'memberOf', values: [] };
        slot.values.push(e.dn);
        target.attrs.set('memberof', slot);
      }
    }
  }

  static fromLdif(source: string): Directory {
    return new Directory(parseLdif(source));
  }

  /** Naming contexts that are separate partitions (configuration, schema, app partitions). */
  partitions(): string[] {
    const names = ['configurationNamingContext', 'schemaNamingContext', 'namingContexts'];
    const out = new Set<string>();
    for (const n of names)
      for (const v of this.rootDse.attrs.get(n.toLowerCase())?.values ?? []) out.add(normDn(text(v)));
    return [...out];
  }

  get(dn: string): DirEntry | undefined {
    return dn === '' ? this.rootDse : this.byKey.get(normDn(dn));
  }

  /** Entries in scope, and the partitions a domain subtree search should refer to. */
  scope(
    base: DirEntry,
    scope: 'base' | 'one' | 'sub' | string,
  ): { entries: DirEntry[]; referrals: string[] } {
    if (scope === 'base') return { entries: [base], referrals: [] };
    const parts = this.partitions().filter((p) => p !== base.key);
    // Another partition below the base: neither it nor anything under it is in scope.
    const otherPartition = new Set(parts.filter((p) => p.endsWith(`,${base.key}`)));
    const tree = this.tree();
    const found: number[] = [];
    const take = (e: DirEntry) => {
      const at = tree.position.get(e);
      if (at !== undefined) found.push(at);
    };
    if (scope === 'one') {
      for (const child of tree.children.get(base.key) ?? []) if (!otherPartition.has(child.key)) take(child);
    } else {
      const stack = [base];
      for (let e = stack.pop(); e; e = stack.pop()) {
        take(e);
        for (const child of tree.under.get(e.key) ?? [])
          if (!otherPartition.has(child.key)) stack.push(child);
      }
    }
    // in the directory's (LDIF) order, as a scan of every entry gave them
    const entries = Array.from(Int32Array.from(found).sort(), (i) => this.entries[i]!);
    if (scope === 'one') return { entries, referrals: [] };
    const referrals = parts.filter(
      (p) =>
        p.endsWith(`,${base.key}`) &&
        !parts.some((q) => q !== p && p.endsWith(`,${q}`) && q.endsWith(`,${base.key}`)),
    );
    return { entries, referrals };
  }

  private indexed?: {
    size: number;
    position: Map<DirEntry, number>;
    children: Map<string, DirEntry[]>;
    under: Map<string, DirEntry[]>;
  };

  /**
   * The directory as a tree, built on first use and again when entries were added (tests add
   * some): each entry's position, its direct children, and `under`: each entry by its nearest
   * ancestor that is an entry or a partition, so a subtree is walked, not found by testing every
   * DN's suffix (at 100,000 users each of the collector's searches was a pass over all of them).
   */
  private tree(): NonNullable<Directory['indexed']> {
    if (this.indexed?.size === this.entries.length) return this.indexed;
    const partitions = new Set(this.partitions());
    const position = new Map<DirEntry, number>();
    const children = new Map<string, DirEntry[]>();
    const under = new Map<string, DirEntry[]>();
    const add = (map: Map<string, DirEntry[]>, key: string, e: DirEntry) => {
      const list = map.get(key);
      if (list) list.push(e);
      else map.set(key, [e]);
    };
    this.entries.forEach((e, i) => {
      position.set(e, i);
      let up = parentKey(e.key);
      if (up !== undefined) add(children, up, e);
      while (up !== undefined && !this.byKey.has(up) && !partitions.has(up)) up = parentKey(up);
      if (up !== undefined) add(under, up, e);
    });
    this.indexed = { size: this.entries.length, position, children, under };
    return this.indexed;
  }

  values(entry: DirEntry, attribute: string): LdifValue[] {
    const a = attribute.toLowerCase();
    if (a === 'distinguishedname') return [entry.dn];
    const own = entry.attrs.get(a)?.values;
    if (own) return own;
    if (a === 'name' || a === 'cn') {
      const rdn = entry.dn.match(/^[^=]+=((?:\\.|[^,\\])*)/)?.[1];
      return rdn ? [rdn.replace(/\\(.)/g, '$1')] : [];
    }
    return [];
  }

  matches(entry: DirEntry, filter: Filter): boolean {
    if (filter instanceof AndFilter) return filter.filters.every((f) => this.matches(entry, f));
    if (filter instanceof OrFilter) return filter.filters.some((f) => this.matches(entry, f));
    if (filter instanceof NotFilter) return !this.matches(entry, filter.filter);
    if (filter instanceof PresenceFilter) {
      // every AD object (the rootDSE included) matches (objectClass=*)
      if (filter.attribute.toLowerCase() === 'objectclass') return true;
      return this.values(entry, filter.attribute).length > 0;
    }
    if (filter instanceof EqualityFilter || filter instanceof ApproximateFilter) {
      const attr = filter.attribute.toLowerCase();
      const want = String(filter.value).toLowerCase();
      if (attr === 'objectcategory') return this.categoryMatches(entry, want);
      return this.values(entry, attr).some((v) => equalsValue(v, filter.value));
    }
    if (filter instanceof SubstringFilter) {
      const parts = {
        initial: filter.initial.toLowerCase(),
        any: filter.any.map((a) => a.toLowerCase()),
        final: filter.final.toLowerCase(),
      };
      return this.values(entry, filter.attribute).some((v) => substringMatch(text(v).toLowerCase(), parts));
    }
    if (filter instanceof GreaterThanEqualsFilter || filter instanceof LessThanEqualsFilter) {
      const ge = filter instanceof GreaterThanEqualsFilter;
      return this.values(entry, filter.attribute).some((v) => {
        const c = compare(text(v), String(filter.value));
        return ge ? c >= 0 : c <= 0;
      });
    }
    if (filter instanceof ExtensibleFilter) {
      const mask = toBig(String(filter.value));
      if (mask === undefined) return false;
      const vals = this.values(entry, filter.matchType).map((v) => toBig(text(v)));
      if (filter.rule === AND_RULE) return vals.some((v) => v !== undefined && (v & mask) === mask);
      if (filter.rule === OR_RULE) return vals.some((v) => v !== undefined && (v & mask) !== 0n);
      return false;
    }
    return false;
  }

  /** objectCategory=person etc.: AD maps the short name to the category DN; match by class. */
  private categoryMatches(entry: DirEntry, want: string): boolean {
    const cat = this.values(entry, 'objectCategory').map((v) => text(v).toLowerCase());
    if (want.includes('=')) return cat.some((c) => normDn(c) === normDn(want));
    if (cat.some((c) => c.startsWith(`cn=${want},`))) return true;
    return this.values(entry, 'objectClass').some((v) => text(v).toLowerCase() === want);
  }
}

function equalsValue(v: LdifValue, want: string | Buffer): boolean {
  if (Buffer.isBuffer(v) && Buffer.isBuffer(want)) return v.equals(want);
  const a = text(v);
  const b = Buffer.isBuffer(want) ? want.toString('utf8') : want;
  if (a.toLowerCase() === b.toLowerCase()) return true;
  // DN-valued attributes compare after normalisation
  return a.includes('=') && normDn(a) === normDn(b);
}

function substringMatch(value: string, p: { initial: string; any: string[]; final: string }): boolean {
  if (p.initial && !value.startsWith(p.initial)) return false;
  let pos = p.initial.length;
  for (const a of p.any) {
    const i = value.indexOf(a, pos);
    if (i < 0) return false;
    pos = i + a.length;
  }
  return !p.final || (value.length - p.final.length >= pos && value.endsWith(p.final));
}

function toBig(v: string): bigint | undefined {
  try {
    return BigInt(v.trim());
  } catch {
    return undefined;
  }
}

function compare(a: string, b: string): number {
  const x = toBig(a);
  const y = toBig(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  return a.toLowerCase().localeCompare(b.toLowerCase());
}
