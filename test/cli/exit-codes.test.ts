import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { RunningHttps } from '../../src/simulator/tls.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { memoryIo } from '../helpers/io.ts';
import { startLogin } from '../helpers/login.ts';

let login: RunningHttps;
let dir: string;
beforeAll(async () => {
  login = await startLogin({
    tenants: [
      { tenantId: '11111111-1111-4111-8111-111111111111', names: ['contoso.onmicrosoft.com', 'contoso.com'] },
      {
        tenantId: '33333333-3333-4333-8333-333333333333',
        names: ['gcc.onmicrosoft.com'],
        document: { tenant_region_sub_scope: 'GCC' },
      },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'hybridscan-cli-'));
});
afterAll(() => login.close());

function config(name: string, body: Record<string, unknown>): string {
  const file = join(dir, name);
  const endpoints = {
    login: login.origin,
    loginUsGov: `${login.origin}/_usgov`,
    loginChina: `${login.origin}/_china`,
    caFile: TEST_CA_FILE,
  };
  writeFileSync(file, JSON.stringify({ endpoints, ...body }));
  return file;
}

async function run(...args: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('exit codes', () => {
  it('0: nothing at or above --fail-on', async () => {
    const r = await run(
      'scan',
      '--config',
      config('ok.json', { tenant: 'contoso.onmicrosoft.com' }),
      '--quiet',
    );
    expect(r.code).toBe(0);
  });

  it('1: a warning with --fail-on warn; 0 with the default', async () => {
    const file = config('gcc.json', { tenant: 'gcc.onmicrosoft.com' });
    expect((await run('scan', '--config', file, '--quiet', '--only', 'tenant')).code).toBe(0);
    expect(
      (await run('scan', '--config', file, '--quiet', '--only', 'tenant', '--fail-on', 'warn')).code,
    ).toBe(1);
  });

  it('2: a missing config file, naming it', async () => {
    const r = await run('scan', '--config', 'missing.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.yaml');
    expect(r.err).toContain('file not found');
  });

  it('2: a wrong key, naming the key path', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'tenant: contoso.onmicrosoft.com\ngraph:\n  clientID: abc\n');
    const r = await run('scan', '--config', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain('graph.clientID');
    expect(r.err).toContain('did you mean "clientId"');
  });

  it('2: an unknown check id in checks: and a bad flag', async () => {
    const r = await run(
      'scan',
      '--config',
      config('typo.json', { tenant: 'contoso.onmicrosoft.com', checks: { 'tenant.global-clod': 'warn' } }),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('checks.tenant.global-clod');
    expect((await run('scan', '--fail-on', 'sometimes')).code).toBe(2);
    expect((await run('scan', '--format', 'pdf')).code).toBe(2);
  });

  it('3: a configured source that fails, with nothing failing', async () => {
    const file = join(dir, 'down.json');
    writeFileSync(
      file,
      JSON.stringify({
        tenant: 'contoso.onmicrosoft.com',
        endpoints: { login: 'https://127.0.0.1:1', caFile: TEST_CA_FILE },
      }),
    );
    const r = await run('scan', '--config', file, '--format', 'json', '--only', 'tenant');
    expect(r.code).toBe(3);
    const result = JSON.parse(r.out);
    expect(result.verdict).toBe('incomplete');
    expect(result.sources.find((s: { id: string }) => s.id === 'openid').status).toBe('error');
    const status = Object.fromEntries(
      result.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
    );
    expect(status['tenant.resolve-id']).toBe('error');
    expect(status['tenant.global-cloud']).toBe('error');
    expect(Object.values(status).every((s) => s === 'error' || s === 'skipped')).toBe(true);
  });

  it('3: an overall --timeout cut short by a server that never answers', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const file = join(dir, 'slow.json');
      writeFileSync(
        file,
        JSON.stringify({
          tenant: 'contoso.onmicrosoft.com',
          endpoints: { login: `https://127.0.0.1:${port}`, caFile: TEST_CA_FILE },
        }),
      );
      const started = Date.now();
      const r = await run(
        'scan',
        '--config',
        file,
        '--format',
        'json',
        '--timeout',
        '0.5',
        '--out',
        join(dir, 'slow-out'),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.code).toBe(3);
      const result = JSON.parse(readFileSync(join(dir, 'slow-out', 'hybridscan.json'), 'utf8'));
      expect(result.verdict).toBe('incomplete');
      expect(result.incomplete.reason).toContain('--timeout');
      expect(result.sources.map((s: { id: string }) => s.id)).toContain('openid');
    } finally {
      silent.close();
    }
  });
});

describe('commands', () => {
  it('lists checks as JSON, including plugin checks from the config', async () => {
    const file = config('plugin.json', {
      tenant: 'contoso.onmicrosoft.com',
      plugins: [resolve('fixtures/plugins/acme-checks.mjs')],
    });
    const r = await run('checks', '--json', '--config', file);
    const ids = JSON.parse(r.out).map((c: { id: string }) => c.id);
    expect(ids).toContain('tenant.global-cloud');
    expect(ids).toContain('plugin.tenant-name-policy');
  });

  it('runs plugin checks in a scan through the same runner', async () => {
    const file = config('plugin2.json', {
      tenant: 'contoso.onmicrosoft.com',
      plugins: [resolve('fixtures/plugins/acme-checks.mjs')],
    });
    const r = await run('scan', '--config', file, '--format', 'json', '--only', 'plugin');
    const result = JSON.parse(r.out);
    expect(result.checks.map((c: { id: string }) => c.id)).toEqual(['plugin.tenant-name-policy']);
    expect(result.checks[0].status).toBe('warn');
  });

  it('init writes a template that scan accepts, and refuses to overwrite', async () => {
    expect((await run('init', '--out', 'new.yaml')).code).toBe(0);
    expect(readFileSync(join(dir, 'new.yaml'), 'utf8')).toContain('gatewayAddress');
    const again = await run('init', '--out', 'new.yaml');
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
  });

  it('prints help for every command with exit 0', async () => {
    for (const cmd of ['scan', 'demo', 'collect', 'evaluate', 'checks', 'permissions', 'init']) {
      const r = await run(cmd, '--help');
      expect(r.code, cmd).toBe(0);
      expect(r.out).toContain(`Usage: hybridscan ${cmd}`);
    }
  });

  it('permissions lists what the enabled checks need', async () => {
    const r = await run('permissions');
    expect(r.code).toBe(0);
    expect(r.out).toContain('login.microsoftonline.com');
  });
});
