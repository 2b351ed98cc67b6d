import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { SpfNode } from '../../src/evidence/dns.ts';
import { parseSpf, spfRecords } from '../../src/model/spf/parse.ts';
import { renderSpfTree } from '../../src/model/spf/tree.ts';
import { sortedDomains } from './common.ts';

export default defineCheck({
  id: 'dns.spf-record',
  area: 'dns',
  severity: 'fail',
  targetKind: 'domain',
  title: 'Exactly one valid SPF record',
  failureTitle: 'SPF record missing, duplicated or invalid',
  description:
    'Receivers check the sending IP of mail from the domain, including mail Exchange Online and on-premises Exchange send, against the domain’s SPF record. No record, several `v=spf1` records (a permanent error, RFC 7208 §4.5) or a syntax error leave the domain unprotected and hurt delivery.',
  remediation: {
    text: 'Publish exactly one TXT record starting v=spf1 at the domain; merge duplicates into one and end it with -all or ~all.',
    dns: ['<domain>. TXT "v=spf1 ip4:<on-prem egress> include:spf.protection.outlook.com -all"'],
  },
  docs: ['https://www.rfc-editor.org/rfc/rfc7208'],
  requires: ['dns.spf'],
  confidence: 'confirmed',
  run({ artifacts }) {
    const all = artifacts['dns.spf'];
    return sortedDomains(all).map((domain): Finding => {
      const ev = all[domain]!;
      const node = ev.tree;
      // Re-filtered: snapshots from older versions kept records that only matched after trimming.
      const records = spfRecords(node.records);
      const evidence = { records, txtState: node.state };
      if (!['noerror', 'nodata', 'nxdomain'].includes(node.state))
        return {
          target: domain,
          status: 'error',
          message: `Cannot read the TXT records of ${domain}: ${node.state.toUpperCase()}`,
          evidence,
        };
      if (records.length === 0)
        return {
          target: domain,
          status: 'fail',
          message: 'No SPF record (no TXT record starting v=spf1)',
          evidence,
        };
      if (records.length > 1)
        return {
          target: domain,
          status: 'fail',
          message: `${records.length} SPF records: receivers return permerror (RFC 7208 §4.5)`,
          evidence,
        };
      const syntax = parseSpf(records[0]!).errors;
      if (syntax.length)
        return {
          target: domain,
          status: 'fail',
          message: `SPF syntax error: ${syntax.join('; ')}`,
          evidence: { ...evidence, errors: syntax },
        };
      const allQ = ev.all;
      const withTree = { ...evidence, all: allQ ?? '(none)', tree: renderSpfTree(node) };
      if (allQ === '+' || allQ === '?')
        return {
          target: domain,
          status: 'warn',
          message: `SPF ends in ${allQ}all, which authorises ${allQ === '+' ? 'every host on the Internet' : 'nobody in particular (neutral)'}`,
          evidence: withTree,
        };
      if (!allQ)
        return {
          target: domain,
          status: 'warn',
          message: 'SPF has no "all" mechanism (and no redirect): unlisted senders get "neutral"',
          evidence: withTree,
        };
      const ptr = ptrDomains(node);
      if (ptr.length)
        return {
          target: domain,
          status: 'warn',
          message: `SPF uses the ptr mechanism (${ptr.join(', ')}): RFC 7208 §5.5 says it SHOULD NOT be used; it is slow, unreliable and some receivers skip it`,
          evidence: withTree,
        };
      return {
        target: domain,
        status: 'pass',
        message: `One SPF record ending in ${allQ}all`,
        evidence: withTree,
      };
    });
  },
});

/** Domains whose record (the top one or any include/redirect target) uses `ptr`. */
function ptrDomains(node: SpfNode, seen = new Set<string>()): string[] {
  if (seen.has(node.domain)) return [];
  seen.add(node.domain);
  const here = node.terms.some((t) => t.kind === 'mechanism' && t.name === 'ptr') ? [node.domain] : [];
  return [...here, ...node.terms.flatMap((t) => (t.child ? ptrDomains(t.child, seen) : []))];
}
