import type { DnsAnswer, SpfEvaluation, SpfNode, SpfQualifier, SpfTerm } from '../../evidence/dns.ts';
import {
  expandMacros,
  HARD_STOP,
  LOOKUP_LIMIT,
  MAX_DEPTH,
  parseSpf,
  type SpfResolver,
  spfRecords,
  VOID_LIMIT,
  validDomain,
} from './parse.ts';

/**
 * A static expansion of an SPF policy: every include/redirect/a/mx/exists term resolved through
 * the resolver the caller passes (the DNS source during collection), counting DNS-querying terms
 * (limit 10, RFC 7208 §4.6.4) and void lookups (limit 2). The expanded tree is stored as an
 * artifact so checks stay pure.
 */

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

export function isTempState(s: string): boolean {
  return s === 'servfail' || s === 'timeout' || s === 'error' || s === 'refused';
}

/** The qualifier of the `all` that ends evaluation: the record's own, or its redirect target's. */
function effectiveAll(node: SpfNode | undefined, depth = 0): SpfQualifier | undefined {
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
