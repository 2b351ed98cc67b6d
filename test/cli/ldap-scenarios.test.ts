import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { memoryIo } from '../helpers/io.ts';

async function demo(scenario: string) {
  const io = memoryIo();
  const code = await main(
    ['node', 'hybridscan', 'demo', '--scenario', scenario, '--format', 'json', '--quiet'],
    io,
  );
  const result = JSON.parse(io.out()) as {
    verdict: string;
    checks: { id: string; status: string; reason?: string; findings: { message: string }[] }[];
    sources: { id: string; status: string }[];
  };
  const status = (id: string) => result.checks.find((c) => c.id === id)?.status;
  return { code, result, status };
}

describe('demo: broken on-premises scenarios (each breaks one rule)', () => {
  it.each([
    ['ldap-no-hybrid', 'exch.hybrid-config-object'],
    ['ldap-old-exchange', 'exch.server-versions'],
    ['ldap-remote-routing', 'exch.remote-mailbox-routing'],
    ['ldap-duplicate-proxy', 'sync.duplicate-proxy-addresses'],
    ['ldap-no-impersonation', 'exch.archiving-service-account'],
  ])('%s fails %s and the scan is not ready', async (scenario, id) => {
    const { code, result, status } = await demo(scenario);
    expect(status(id)).toBe('fail');
    expect(result.verdict).toBe('not-ready');
    expect(code).toBe(1);
    // everything else on-prem still passes: the variant breaks one thing
    const otherFails = result.checks.filter((c) => c.status === 'fail' && c.id !== id).map((c) => c.id);
    expect(otherFails).toEqual([]);
  });

  it('contoso-ready passes every on-prem check, over LDAPS and over StartTLS', async () => {
    for (const scenario of ['contoso-ready', 'ldap-starttls']) {
      const { result } = await demo(scenario);
      const onprem = result.checks.filter((c) => /^(ad|exch)\./.test(c.id));
      expect(onprem.length).toBe(16);
      expect(
        onprem.filter((c) => !['pass', 'info'].includes(c.status)).map((c) => `${scenario} ${c.id}`),
      ).toEqual([]);
    }
  });

  it('ldap-wrong-password: nothing is scanned (exit 2) and the message names AD sub-code 52e', async () => {
    const io = memoryIo();
    const code = await main(
      ['node', 'hybridscan', 'demo', '--scenario', 'ldap-wrong-password', '--format', 'json', '--quiet'],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /ldap: LDAP bind to .* result 49 invalidCredentials, AD sub-code 52e: invalid credentials/,
    );
    expect(io.err()).not.toContain('not-the-right-password');
  });

  it('ldap-anchor-mismatch: dave fails the source-anchor match when Graph data is present', async () => {
    const { result, status } = await demo('ldap-anchor-mismatch');
    const graph = result.sources.find((s) => s.id === 'graph');
    if (graph && graph.status !== 'not-configured') {
      expect(status('sync.source-anchor-match')).toBe('fail');
      expect(
        JSON.stringify(result.checks.find((c) => c.id === 'sync.source-anchor-match')?.findings),
      ).toMatch(/dave@contoso.com/);
    } else {
      expect(status('sync.source-anchor-match')).toBe('skipped');
    }
  });
});
