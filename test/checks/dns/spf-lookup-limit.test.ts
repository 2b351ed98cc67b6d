import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/spf-lookup-limit.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

function chain(n: number) {
  const includes = Array.from({ length: n }, (_, i) => `include:_s${i}.contoso.com`).join(' ');
  return {
    'contoso.com': editZone(readyZones()['contoso.com']!, {
      drop: /v=spf1/,
      add: [
        `@ IN TXT "v=spf1 ${includes}" " include:spf.protection.outlook.com -all"`,
        ...Array.from({ length: n }, (_, i) => `_s${i} IN TXT "v=spf1 ip4:198.51.100.${i} -all"`),
      ],
    }),
  };
}

describe('dns.spf-lookup-limit', () => {
  it('passes with 3 lookups', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toBe('3 of 10 DNS lookups, 0 void');
  });

  it('fails over 10 lookups and keeps the expanded tree as evidence', async () => {
    const { artifacts } = await collectDns({ zones: chain(9) });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/^11 DNS lookups/);
    const tree = r.findings[0]?.evidence?.tree as string[];
    expect(tree.some((l) => l.includes('#11 include:spfd.protection.outlook.com'))).toBe(true);
  });

  it('warns from 8 lookups (configurable)', async () => {
    const { artifacts } = await collectDns({ zones: chain(6) });
    expect(runCheck(check, { artifacts }).status).toBe('warn');
    expect(runCheck(check, { artifacts, setting: { options: { warnAt: 9 } } }).status).toBe('pass');
  });

  it('is an error when a lookup of the chain times out', async () => {
    const { artifacts } = await collectDns({ faults: { timeout: ['spfd.protection.outlook.com/TXT'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
