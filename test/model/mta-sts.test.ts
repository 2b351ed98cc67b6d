import { describe, expect, it } from 'vitest';
import mtaStsCheck from '../../checks/dns/mta-sts-tlsrpt.ts';
import { mxPatternMatches, parseMtaStsPolicy, tlsRptRuaProblems } from '../../src/model/mta-sts.ts';

const policy = (lines: string[]) => parseMtaStsPolicy(lines.join('\r\n'));
const GOOD = ['version: STSv1', 'mode: enforce', 'mx: *.mail.protection.outlook.com', 'max_age: 604800'];

// RFC 8461 §3.2 (policy format) and §4.1 (MX host validation).
describe('MTA-STS policy (RFC 8461)', () => {
  it('a well-formed policy has no problems', () => {
    expect(policy(GOOD).problems).toEqual([]);
  });

  it('max_age above 31557600 is a problem; exactly 31557600 is allowed (§3.2)', () => {
    expect(policy([...GOOD.slice(0, 3), 'max_age: 31557600']).problems).toEqual([]);
    expect(policy([...GOOD.slice(0, 3), 'max_age: 31557601']).problems.join()).toMatch(/above .* 31557600/);
    // max-age-value = 1*10(DIGIT): eleven digits is not a valid value at all.
    expect(policy([...GOOD.slice(0, 3), 'max_age: 12345678901']).problems.join()).toMatch(/missing or not/);
  });

  it('a repeated version, mode or max_age is a problem; repeated mx lines are normal', () => {
    expect(policy([...GOOD, 'mode: testing']).problems).toContain('mode appears more than once');
    expect(policy([...GOOD, 'max_age: 86400']).problems).toContain('max_age appears more than once');
    expect(policy([...GOOD, 'mx: backup.contoso.com']).problems).toEqual([]);
  });

  it('a wildcard covers exactly one label (§4.1)', () => {
    expect(mxPatternMatches('*.mail.protection.outlook.com', 'contoso-com.mail.protection.outlook.com')).toBe(
      true,
    );
    expect(mxPatternMatches('*.mx.microsoft', 'contoso-com.p-v1.mx.microsoft')).toBe(false);
    expect(mxPatternMatches('*.p-v1.mx.microsoft', 'contoso-com.p-v1.mx.microsoft')).toBe(true);
    expect(mxPatternMatches('*.example.com', 'example.com')).toBe(false);
  });

  it('the remediation never recommends a pattern the matcher rejects for the host it names', () => {
    const text =
      typeof mtaStsCheck.remediation === 'string' ? mtaStsCheck.remediation : mtaStsCheck.remediation.text;
    // Every "`mx: PATTERN` covers `HOST`" and "write that host or `mx: PATTERN`" pair must match.
    expect(text).not.toMatch(/write[^.]*`mx: \*\.mx\.microsoft`/);
    const covers = [...text.matchAll(/`mx: ([^`]+)` covers `([^`]+)`/g)];
    expect(covers.length).toBeGreaterThan(0);
    for (const [, pattern, host] of covers) expect(mxPatternMatches(pattern!, host!), pattern).toBe(true);
    const dane = text.match(/`([a-z0-9-]+\.p-v1\.mx\.microsoft)`[^`]*`mx: ([^`]+)`/);
    expect(dane).not.toBeNull();
    expect(mxPatternMatches(dane![2]!, dane![1]!)).toBe(true);
  });
});

// RFC 8460 §3: rua = "mailto:" or "https:" URIs, comma-separated.
describe('TLS-RPT rua (RFC 8460)', () => {
  it('accepts mailto: and https: URIs, alone or in a list', () => {
    expect(tlsRptRuaProblems('mailto:tlsrpt@contoso.com')).toEqual([]);
    expect(tlsRptRuaProblems('mailto:a@contoso.com, https://reports.contoso.com/tlsrpt')).toEqual([]);
  });

  it('refuses http:, bare addresses and empty entries', () => {
    expect(tlsRptRuaProblems('http://reports.contoso.com/')).toHaveLength(1);
    expect(tlsRptRuaProblems('tlsrpt@contoso.com')).toHaveLength(1);
    expect(tlsRptRuaProblems('mailto:a@contoso.com,')).toEqual(['empty rua entry']);
  });
});
