import { BlockList, isIP } from 'node:net';
import type { DnsAnswer, SpfEvaluation, SpfNode, SpfQualifier, SpfTerm } from '../../evidence/dns.ts';

/**
 * RFC 7208 SPF: parsing, and a static expansion that resolves every include/redirect/a/mx/exists
 * term through the resolver during collection, counting DNS-querying terms (limit 10, §4.6.4) and
 * void lookups (limit 2). The expanded tree is stored as an artifact so checks stay pure;
 * `checkHost` evaluates a sender IP against the stored tree the way a receiver would.
 */

export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
/** Expansion stops here so a runaway chain cannot make the scan (or its evidence) unbounded. */
const HARD_STOP = 40;
const MAX_DEPTH = 12;

export interface SpfResolver {
  resolve(name: string, type: string): Promise<DnsAnswer>;
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const COUNTING = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/** The `v=spf1` records among a name's TXT strings (RFC 7208 §4.5: version check is case-insensitive). */
export function spfRecords(txt: readonly string[]): string[] {
  return txt.filter((t) => /^v=spf1(\s|$)/i.test(t.trim()));
}

/** Splits a record into terms; syntax errors are reported per term. */
export function parseSpf(record: string): { terms: SpfTerm[]; errors: string[] } {
  const errors: string[] = [];
  const parts = record.trim().split(/\s+/).slice(1);
  const terms = parts.map((raw): SpfTerm => {
    const mod = raw.match(/^([a-zA-Z][a-zA-Z0-9_.-]*)=(.*)$/);
    if (mod) {
      const name = mod[1]!.toLowerCase();
      const term: SpfTerm = { raw, kind: 'modifier', name, value: mod[2]!, counts: name === 'redirect' };
      if ((name === 'redirect' || name === 'exp') && !mod[2]) term.error = `${name}= needs a domain`;
      return term;
    }
    const m = raw.match(/^([+\-~?]?)([a-zA-Z0-9]+)(.*)$/);
    const name = m?.[2]?.toLowerCase() ?? '';
    if (!m || !MECHANISMS.has(name)) {
      return { raw, kind: 'unknown', name, counts: false, error: `unknown term "${raw}"` };
    }
    const term: SpfTerm = {
      raw,
      kind: 'mechanism',
      name,
      qualifier: (m[1] || '+') as SpfQualifier,
      counts: COUNTING.has(name),
    };
    let rest = m[3]!;
    if (name === 'ip4' || name === 'ip6') {
      if (!rest.startsWith(':')) term.error = `${name} needs an address`;
      else {
        term.value = rest.slice(1);
        const [addr, len] = term.value.split('/');
        const family = name === 'ip4' ? 4 : 6;
        const max = family === 4 ? 32 : 128;
        if (isIP(addr ?? '') !== family) term.error = `"${addr}" is not an IPv${family} address`;
        else if (len !== undefined && !(/^\d+$/.test(len) && Number(len) <= max))
          term.error = `bad prefix length /${len}`;
      }
    } else if (name === 'all') {
      if (rest) term.error = `"all" takes no argument`;
    } else {
      if (rest.startsWith(':')) {
        const slash = name === 'a' || name === 'mx' ? rest.indexOf('/') : -1;
        term.value = slash === -1 ? rest.slice(1) : rest.slice(1, slash);
        rest = slash === -1 ? '' : rest.slice(slash);
        if (!term.value) term.error = `${name}: empty domain`;
      } else if (name === 'include' || name === 'exists') {
        term.error = `${name} needs a domain`;
      }
      if (name === 'a' || name === 'mx') {
        const cidr = rest.match(/^(?:\/(\d+))?(?:\/\/(\d+))?$/);
        if (!cidr) term.error = `bad CIDR "${rest}"`;
        else {
          if (cidr[1] !== undefined) term.cidr4 = Number(cidr[1]);
          if (cidr[2] !== undefined) term.cidr6 = Number(cidr[2]);
          if ((term.cidr4 ?? 0) > 32 || (term.cidr6 ?? 0) > 128) term.error = `bad CIDR "${rest}"`;
        }
      } else if (rest) term.error = `unexpected "${rest}"`;
    }
    return term;
  });
  for (const t of terms) if (t.error) errors.push(t.error);
  const redirects = terms.filter((t) => t.name === 'redirect' && t.kind === 'modifier').length;
  const exps = terms.filter((t) => t.name === 'exp' && t.kind === 'modifier').length;
  if (redirects > 1) errors.push('more than one redirect= modifier');
  if (exps > 1) errors.push('more than one exp= modifier');
  return { terms, errors };
}

/** Expands %{d} macros; other macro letters depend on the message and make the term dynamic. */
function expandMacros(value: string, domain: string): { value: string; dynamic: boolean } {
  let dynamic = false;
  const out = value.replace(/%\{([a-zA-Z])(\d*)(r?)([.\-+,/_=]*)\}|%%|%_|%-/g, (all, letter, digits, rev) => {
    if (all === '%%') return '%';
    if (all === '%_') return ' ';
    if (all === '%-') return '%20';
    if (String(letter).toLowerCase() !== 'd') {
      dynamic = true;
      return all;
    }
    let labels = domain.split('.');
    if (rev) labels = labels.reverse();
    if (digits) labels = labels.slice(-Number(digits));
    return labels.join('.');
  });
  return { value: out.replace(/\.$/, '').toLowerCase(), dynamic };
}

function validDomain(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  return name.split('.').every((l) => l.length > 0 && Buffer.byteLength(l) <= 63);
}

const isVoid = (a: DnsAnswer) => a.state === 'nxdomain' || a.state === 'nodata';
const isTemp = (a: DnsAnswer) => a.state === 'servfail' || a.state === 'timeout' || a.state === 'error';
const addressesOf = (a: DnsAnswer) => (a.state === 'noerror' ? a.records.map((r) => String(r.data)) : []);

interface Walk {
  lookups: number;
  voids: number;
  errors: string[];
  temp: boolean;
  truncatedAt?: number;
}

/** Expands the SPF policy of `domain`; never throws for DNS faults (they become temperror). */
export async function expandSpf(domain: string, resolver: SpfResolver): Promise<SpfEvaluation> {
  const walk: Walk = { lookups: 0, voids: 0, errors: [], temp: false };
  const tree = await expandNode(domain.toLowerCase(), resolver, walk, [], 0);
  if (tree.state !== 'noerror' && tree.state !== 'nodata' && tree.state !== 'nxdomain') walk.temp = true;
  let result: SpfEvaluation['result'];
  if (tree.records.length === 0 && !isTempState(tree.state)) result = 'none';
  else if (walk.temp) result = 'temperror';
  else result = 'ok';
  if (tree.records.length > 1)
    walk.errors.unshift(`${tree.records.length} SPF records at ${domain} (RFC 7208 §4.5)`);
  if (walk.lookups > LOOKUP_LIMIT)
    walk.errors.push(
      `${walk.lookups} DNS-querying terms, more than the limit of ${LOOKUP_LIMIT} (RFC 7208 §4.6.4)`,
    );
  if (walk.voids > VOID_LIMIT)
    walk.errors.push(`${walk.voids} void lookups, more than the limit of ${VOID_LIMIT} (RFC 7208 §4.6.4)`);
  if (result === 'ok' && walk.errors.length > 0) result = 'permerror';
  return {
    domain: domain.toLowerCase(),
    tree,
    lookups: walk.lookups,
    voidLookups: walk.voids,
    result,
    errors: [...new Set(walk.errors)],
    ...(effectiveAll(tree) ? { all: effectiveAll(tree) } : {}),
    ...(walk.truncatedAt ? { truncatedAt: walk.truncatedAt } : {}),
  };
}

function isTempState(s: string): boolean {
  return s === 'servfail' || s === 'timeout' || s === 'error' || s === 'refused';
}

/** The qualifier of the `all` that ends evaluation: the record's own, or its redirect target's. */
export function effectiveAll(node: SpfNode | undefined, depth = 0): SpfQualifier | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const all = node.terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
  if (all) return all.qualifier;
  const redirect = node.terms.find((t) => t.name === 'redirect');
  return effectiveAll(redirect?.child, depth + 1);
}

async function expandNode(
  domain: string,
  resolver: SpfResolver,
  walk: Walk,
  ancestors: string[],
  depth: number,
): Promise<SpfNode> {
  const txt = await resolver.resolve(domain, 'TXT');
  const records = spfRecords(txt.state === 'noerror' ? txt.records.map((r) => String(r.data)) : []);
  const node: SpfNode = { domain, state: txt.state, records, terms: [], errors: [] };
  if (records.length !== 1) {
    if (records.length > 1) node.errors.push(`${records.length} SPF records (permerror)`);
    return node;
  }
  const parsed = parseSpf(records[0]!);
  node.terms = parsed.terms;
  node.errors.push(...parsed.errors);
  walk.errors.push(...parsed.errors.map((e) => `${domain}: ${e}`));
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');

  for (const term of parsed.terms) {
    if (term.error || !term.counts) continue;
    if (term.name === 'redirect' && hasAll) {
      term.counts = false; // RFC 7208 §6.1: ignored when the record has "all"
      continue;
    }
    if (walk.lookups >= HARD_STOP) {
      walk.truncatedAt ??= walk.lookups;
      term.error = `not expanded: stopped after ${HARD_STOP} lookups`;
      continue;
    }
    walk.lookups++;
    term.lookupNumber = walk.lookups;
    const target = term.value ? expandMacros(term.value, domain) : { value: domain, dynamic: false };
    if (target.dynamic) {
      term.dynamic = true;
      continue;
    }
    term.value = target.value;
    if (!validDomain(target.value)) {
      term.error = `"${target.value.slice(0, 80)}" is not a valid domain name (permerror)`;
      walk.errors.push(`${domain}: ${term.error}`);
      continue;
    }
    await expandTerm(term, target.value, domain, resolver, walk, ancestors, depth);
  }
  return node;
}

async function expandTerm(
  term: SpfTerm,
  target: string,
  domain: string,
  resolver: SpfResolver,
  walk: Walk,
  ancestors: string[],
  depth: number,
): Promise<void> {
  const voidHit = (n = 1) => {
    term.voidLookups = (term.voidLookups ?? 0) + n;
    walk.voids += n;
  };
  const temp = (a: DnsAnswer) => {
    term.error = `${a.state.toUpperCase()} for ${a.name}/${a.type}${a.detail ? `: ${a.detail}` : ''}`;
    term.dnsState = a.state;
    walk.temp = true;
  };
  switch (term.name) {
    case 'include':
    case 'redirect': {
      if ([...ancestors, domain].includes(target)) {
        term.error = `loop: ${[...ancestors, domain, target].join(' -> ')}`;
        walk.errors.push(term.error);
        return;
      }
      if (depth >= MAX_DEPTH) {
        term.error = `nested deeper than ${MAX_DEPTH}`;
        walk.errors.push(term.error);
        return;
      }
      const child = await expandNode(target, resolver, walk, [...ancestors, domain], depth + 1);
      term.child = child;
      if (isTempState(child.state)) {
        term.dnsState = child.state;
        term.error = `${child.state.toUpperCase()} for ${target}/TXT`;
        walk.temp = true;
        return;
      }
      if (child.state === 'nxdomain' || child.state === 'nodata') voidHit();
      if (child.records.length === 0) {
        term.error = `${term.name} target ${target} has no SPF record (permerror)`;
        walk.errors.push(term.error);
      } else if (child.records.length > 1) {
        term.error = `${term.name} target ${target} has ${child.records.length} SPF records (permerror)`;
        walk.errors.push(term.error);
      }
      return;
    }
    case 'a': {
      const [a4, a6] = await Promise.all([resolver.resolve(target, 'A'), resolver.resolve(target, 'AAAA')]);
      if (isTemp(a4) || isTemp(a6)) return temp(isTemp(a4) ? a4 : a6);
      if (isVoid(a4) && isVoid(a6)) voidHit();
      term.addresses = [...addressesOf(a4), ...addressesOf(a6)];
      return;
    }
    case 'exists': {
      const a4 = await resolver.resolve(target, 'A');
      if (isTemp(a4)) return temp(a4);
      if (isVoid(a4)) voidHit();
      term.addresses = addressesOf(a4);
      return;
    }
    case 'mx': {
      const mx = await resolver.resolve(target, 'MX');
      if (isTemp(mx)) return temp(mx);
      if (isVoid(mx)) voidHit();
      const exchanges = mx.records
        .map((r) => (r.data as { exchange: string }).exchange)
        .filter((x) => x && x !== '.');
      term.exchanges = exchanges;
      if (exchanges.length > 10) {
        term.error = `${exchanges.length} MX hosts, more than 10 (permerror, RFC 7208 §4.6.4)`;
        walk.errors.push(term.error);
        return;
      }
      const addrs: string[] = [];
      for (const host of exchanges) {
        const [a4, a6] = await Promise.all([resolver.resolve(host, 'A'), resolver.resolve(host, 'AAAA')]);
        if (isTemp(a4) || isTemp(a6)) return temp(isTemp(a4) ? a4 : a6);
        if (isVoid(a4) && isVoid(a6)) voidHit();
        addrs.push(...addressesOf(a4), ...addressesOf(a6));
      }
      term.addresses = addrs;
      return;
    }
    case 'ptr':
      // ptr depends on the sender's reverse DNS: counted, not resolvable statically (and deprecated).
      term.dynamic = true;
      return;
  }
}

export type CheckHostResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface CheckHostOutcome {
  result: CheckHostResult;
  /** The term that decided, with the include path leading to it. */
  matched?: string;
  path: string[];
  /** Terms that could not be evaluated statically (ptr, sender-dependent macros). */
  undecidable: string[];
}

const QUALIFIER_RESULT: Record<SpfQualifier, CheckHostResult> = {
  '+': 'pass',
  '-': 'fail',
  '~': 'softfail',
  '?': 'neutral',
};

function inCidr(ip: string, network: string, prefix: number | undefined): boolean {
  const fam = isIP(ip);
  const netFam = isIP(network);
  if (fam === 0 || fam !== netFam) return false;
  const list = new BlockList();
  const type = fam === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network, prefix ?? (fam === 4 ? 32 : 128), type);
  return list.check(ip, type);
}

/**
 * Evaluates `ip` against the stored tree like check_host() (RFC 7208 §4): terms in order, the
 * first match decides, lookups counted as they are reached (the 11th gives permerror).
 */
export function checkHost(evaluation: SpfEvaluation, ip: string): CheckHostOutcome {
  const state = { lookups: 0, undecidable: [] as string[] };
  const out = evalNode(evaluation.tree, ip, state, [], 0);
  return { ...out, undecidable: state.undecidable };
}

function evalNode(
  node: SpfNode,
  ip: string,
  state: { lookups: number; undecidable: string[] },
  path: string[],
  depth: number,
): Omit<CheckHostOutcome, 'undecidable'> {
  const here = [...path, node.domain];
  if (isTempState(node.state)) return { result: 'temperror', path: here };
  if (node.records.length === 0) return { result: 'none', path: here };
  if (node.records.length > 1 || node.errors.length > 0 || depth > MAX_DEPTH)
    return { result: 'permerror', path: here };
  for (const term of node.terms) {
    if (term.kind !== 'mechanism') continue;
    if (term.counts && ++state.lookups > LOOKUP_LIMIT)
      return { result: 'permerror', matched: term.raw, path: here };
    if (term.dnsState) return { result: 'temperror', matched: term.raw, path: here };
    if (term.error && term.name !== 'include') return { result: 'permerror', matched: term.raw, path: here };
    let match = false;
    switch (term.name) {
      case 'all':
        match = true;
        break;
      case 'ip4':
      case 'ip6': {
        const [addr, len] = (term.value ?? '').split('/');
        match = inCidr(ip, addr!, len === undefined ? undefined : Number(len));
        break;
      }
      case 'a':
      case 'mx':
      case 'exists':
        if (term.dynamic) state.undecidable.push(term.raw);
        else if (term.name === 'exists') match = (term.addresses ?? []).length > 0;
        else
          match = (term.addresses ?? []).some((a) => inCidr(ip, a, isIP(a) === 4 ? term.cidr4 : term.cidr6));
        break;
      case 'ptr':
        state.undecidable.push(term.raw);
        break;
      case 'include': {
        if (term.dynamic) {
          state.undecidable.push(term.raw);
          break;
        }
        if (!term.child) return { result: 'permerror', matched: term.raw, path: here };
        const inner = evalNode(term.child, ip, state, here, depth + 1);
        if (inner.result === 'temperror') return inner;
        if (inner.result === 'permerror' || inner.result === 'none')
          return { result: 'permerror', matched: term.raw, path: inner.path };
        if (inner.result === 'pass')
          return {
            result: QUALIFIER_RESULT[term.qualifier ?? '+'],
            matched: `${term.raw} (${inner.matched})`,
            path: inner.path,
          };
        break;
      }
    }
    if (match) return { result: QUALIFIER_RESULT[term.qualifier ?? '+'], matched: term.raw, path: here };
  }
  const redirect = node.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect' && t.counts);
  if (redirect) {
    if (++state.lookups > LOOKUP_LIMIT) return { result: 'permerror', matched: redirect.raw, path: here };
    if (redirect.dynamic) {
      state.undecidable.push(redirect.raw);
      return { result: 'neutral', path: here };
    }
    if (!redirect.child) return { result: 'permerror', matched: redirect.raw, path: here };
    const inner = evalNode(redirect.child, ip, state, here, depth + 1);
    return inner.result === 'none' ? { result: 'permerror', matched: redirect.raw, path: inner.path } : inner;
  }
  return { result: 'neutral', path: here };
}

/** Every domain named by include/redirect anywhere in the tree (for "does it include X"). */
export function includedDomains(node: SpfNode | undefined, out: string[] = [], depth = 0): string[] {
  if (!node || depth > MAX_DEPTH) return out;
  for (const t of node.terms) {
    if ((t.name === 'include' || t.name === 'redirect') && t.value) {
      out.push(t.value);
      includedDomains(t.child, out, depth + 1);
    }
  }
  return out;
}

/**
 * The expanded tree as indented lines, for evidence: each record, and under each counting term
 * its lookup number, what it resolved to and any fault.
 */
export function renderSpfTree(node: SpfNode, indent = '', out: string[] = [], depth = 0): string[] {
  if (depth > MAX_DEPTH) return out;
  if (node.records.length === 0) {
    out.push(`${indent}${node.domain}: no SPF record (${node.state})`);
    return out;
  }
  if (node.records.length > 1) {
    out.push(
      `${indent}${node.domain}: ${node.records.length} SPF records: ${node.records.map((r) => JSON.stringify(r)).join(' | ')}`,
    );
    return out;
  }
  out.push(`${indent}${node.domain}: "${node.records[0]}"`);
  for (const t of node.terms) {
    if (!t.counts && !t.error) continue;
    const n = t.lookupNumber ? `#${t.lookupNumber} ` : '';
    const detail = t.error
      ? ` !! ${t.error}`
      : t.dynamic
        ? ' (depends on the sender: not resolved)'
        : t.addresses
          ? ` -> ${t.addresses.length ? t.addresses.join(' ') : '(no address)'}${t.voidLookups ? ` [${t.voidLookups} void]` : ''}`
          : t.voidLookups
            ? ` [${t.voidLookups} void]`
            : '';
    out.push(`${indent}  ${n}${t.raw}${detail}`);
    if (t.child) renderSpfTree(t.child, `${indent}    `, out, depth + 1);
  }
  return out;
}
