import type { SpfEvaluation, SpfNode, SpfQualifier } from '../../evidence/dns.ts';
import { BlockList, isIP } from '../ip-address.ts';
import { isTempState } from './expand.ts';
import { LOOKUP_LIMIT, MAX_DEPTH } from './parse.ts';

/** RFC 7208 §4 check_host(): a sender IP evaluated against a stored, expanded SPF tree, as a receiver would. */

type CheckHostResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

interface CheckHostOutcome {
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
