import type { SpfNode } from '../../evidence/dns.ts';
import { MAX_DEPTH } from './parse.ts';

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
