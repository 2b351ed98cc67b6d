import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { LOOKUP_LIMIT, VOID_LIMIT } from '../../src/model/spf/parse.ts';
import { renderSpfTree } from '../../src/model/spf/tree.ts';
import { sortedDomains } from './common.ts';

const options = z.strictObject({
  /** Warn from this many DNS-querying terms on (a margin before the hard limit of 10). */
  warnAt: z.number().int().min(1).max(10).default(8),
});

export default defineCheck({
  id: 'dns.spf-lookup-limit',
  area: 'dns',
  severity: 'fail',
  targetKind: 'domain',
  title: 'SPF stays within 10 DNS lookups',
  failureTitle: 'SPF needs more than 10 DNS lookups (or too many void lookups)',
  description:
    'RFC 7208 §4.6.4 limits an SPF evaluation to 10 DNS-querying terms (include, a, mx, ptr, exists, redirect, counted through every include) and 2 lookups that find nothing. Past the limit receivers return permerror, so mail from Exchange Online and on-premises may fail SPF and DMARC.',
  remediation:
    'Remove includes of services that no longer send for the domain, replace a/mx terms with ip4/ip6 ranges, and fix includes of names that do not exist. The evidence lists every counted lookup in evaluation order.',
  docs: ['https://www.rfc-editor.org/rfc/rfc7208#section-4.6.4'],
  requires: ['dns.spf'],
  confidence: 'confirmed',
  options,
  run({ artifacts, options: opts }) {
    const all = artifacts['dns.spf'];
    return sortedDomains(all).map((domain): Finding => {
      const ev = all[domain]!;
      const evidence = {
        lookups: ev.lookups,
        voidLookups: ev.voidLookups,
        tree: renderSpfTree(ev.tree),
        ...(ev.truncatedAt ? { expansionStoppedAt: ev.truncatedAt } : {}),
        ...(ev.errors.length ? { errors: ev.errors } : {}),
      };
      if (ev.result === 'temperror')
        return {
          target: domain,
          status: 'error',
          message: 'A DNS lookup of the SPF evaluation failed (SERVFAIL or timeout): the count is unknown',
          evidence,
        };
      if (ev.result === 'none' || ev.tree.records.length !== 1)
        return {
          target: domain,
          status: 'info',
          message: 'No single SPF record to count (see dns.spf-record)',
          evidence,
        };
      if (ev.lookups > LOOKUP_LIMIT)
        return {
          target: domain,
          status: 'fail',
          message: `${ev.truncatedAt ? 'At least ' : ''}${ev.lookups} DNS lookups, more than ${LOOKUP_LIMIT}: receivers return permerror`,
          evidence,
        };
      if (ev.voidLookups > VOID_LIMIT)
        return {
          target: domain,
          status: 'fail',
          message: `${ev.voidLookups} void lookups (names that do not exist or have no record), more than ${VOID_LIMIT}`,
          evidence,
        };
      if (ev.lookups >= opts.warnAt)
        return {
          target: domain,
          status: 'warn',
          message: `${ev.lookups} of ${LOOKUP_LIMIT} DNS lookups used: little room for another include`,
          evidence,
        };
      return {
        target: domain,
        status: 'pass',
        message: `${ev.lookups} of ${LOOKUP_LIMIT} DNS lookups, ${ev.voidLookups} void`,
        evidence,
      };
    });
  },
});
