import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runDemo } from '../helpers/demo.ts';
import { memoryIo } from '../helpers/io.ts';

async function demo(scenario: string) {
  const { code, result } = await runDemo<{
    verdict: string;
    checks: { id: string; status: string; reason?: string; findings: { message: string }[] }[];
    sources: { id: string; status: string }[];
  }>(scenario);
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

  it('ldap-wrong-password: the LDAP failure names AD sub-code 52e (exit 2 when LDAP is the only credentialed source)', async () => {
    const io = memoryIo();
    const code = await main(
      ['node', 'hybridscan', 'demo', '--scenario', 'ldap-wrong-password', '--format', 'json', '--quiet'],
      io,
    );
    const expected = /LDAP bind to .* result 49 invalidCredentials, AD sub-code 52e: invalid credentials/;
    if (code === 2) {
      expect(io.err()).toMatch(expected);
    } else {
      // another credentialed source (Graph) was scanned: the scan is incomplete, the LDAP checks are errors
      expect(code).toBe(3);
      const result = JSON.parse(io.out()) as { checks: { id: string; status: string; reason?: string }[] };
      const rootdse = result.checks.find((c) => c.id === 'ad.rootdse');
      expect(rootdse?.status).toBe('error');
      expect(rootdse?.reason).toMatch(expected);
    }
    expect(io.err() + io.out()).not.toContain('not-the-right-password');
  });

  it('an ldap.yaml with enabled: false scans without on-premises AD', async () => {
    const { loadScenario } = await import('../../src/simulator/scenario.ts');
    const { default: server } = await import('../../src/simulator/servers/ldap.ts');
    const base = loadScenario('contoso-ready');
    const off = {
      ...base,
      data: <T>(f: string) => (f === 'ldap.yaml' ? ({ enabled: false } as T) : base.data<T>(f)),
    };
    expect(await server.start(off)).toBeUndefined();
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
