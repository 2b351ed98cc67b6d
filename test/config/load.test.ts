import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_TEMPLATE } from '../../src/cli/template.ts';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { redactConfig } from '../../src/config/redact.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { ConfigError, UsageError } from '../../src/util/errors.ts';

function tempConfig(text: string, name = 'hybridscan.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-config-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config loading', () => {
  it('names the file when it is missing', () => {
    expect(() => loadConfigFile('/nonexistent/missing.yaml')).toThrow(UsageError);
    expect(() => loadConfigFile('/nonexistent/missing.yaml')).toThrow(/missing\.yaml: file not found/);
  });

  it('rejects an unknown key with its path and a suggestion', () => {
    const file = tempConfig('tenant: contoso.onmicrosoft.com\nldap:\n  url: ldaps://dc01\n  bindDN: x\n');
    const problems = problemsOf(() => loadConfigFile(file));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('ldap.bindDN');
    expect(problems[0]!.message).toContain('did you mean "bindDn"');
  });

  it('names the key path and the expectation for a wrong type or value', () => {
    const problems = problemsOf(() =>
      parseConfig(
        {
          dns: { timeoutMs: 'soon' },
          checks: { 'dns.dmarc': 'loud' },
          exceptions: [{ check: 'dns.dmarc', reason: 'r', expires: '31.03.2027' }],
        },
        'x.yaml',
        '/',
      ),
    );
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(byPath['dns.timeoutMs']).toMatch(/expected number, got "soon"/);
    expect(byPath['exceptions[0].expires']).toMatch(/YYYY-MM-DD/);
    expect(Object.keys(byPath).some((k) => k.startsWith('checks'))).toBe(true);
  });

  it('interpolates ${ENV}, reports a missing variable by key path, and keeps $${ literal', () => {
    const raw = {
      tenant: 'contoso.onmicrosoft.com',
      graph: { clientId: 'id', clientSecret: '${SECRET}' },
      domains: ['$${x}'],
    };
    const ok = parseConfig(raw, 'x.yaml', '/', { SECRET: 's3cret' });
    expect(ok.config.graph?.clientSecret).toBe('s3cret');
    expect(ok.config.domains).toEqual(['${x}']);
    const problems = problemsOf(() => parseConfig(raw, 'x.yaml', '/', {}));
    expect(problems).toEqual([
      { path: 'graph.clientSecret', message: 'environment variable SECRET is not set' },
    ]);
  });

  it('reads JSON too and resolves relative paths against the config folder', () => {
    const file = tempConfig(
      JSON.stringify({ tenant: 't.onmicrosoft.com', endpoints: { caFile: 'ca.pem' } }),
      'c.json',
    );
    copyFileSync(TEST_CA_FILE, join(file, '..', 'ca.pem'));
    const loaded = loadConfigFile(file);
    expect(loaded.config.endpoints.caFile).toBe(join(file, '..', 'ca.pem'));
    expect(loaded.config.endpoints.login).toBe('https://login.microsoftonline.com');
  });

  it('reports YAML syntax errors as config errors', () => {
    const file = tempConfig('tenant: [unclosed\n');
    expect(() => loadConfigFile(file)).toThrow(ConfigError);
  });

  it('refuses a key that is a list, a map or empty, naming its line, without a process warning', () => {
    const warnings: unknown[] = [];
    const onWarning = (w: unknown) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      for (const [text, what] of [
        ['tenant: t\n[a, b]: 1\n', 'line 2) is a list or map'],
        ['tenant: t\nldap:\n  {url: x}: 1\n', 'line 3) is a list or map'],
        ['tenant: t\n~: 1\n', 'line 2) is empty'],
        ['tenant: t\n: 1\n', 'line 2) is empty'],
      ] as const) {
        const file = tempConfig(text);
        expect(() => loadConfigFile(file), text).toThrow(ConfigError);
        expect(() => loadConfigFile(file), text).toThrow(what);
      }
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it('redacts secrets for snapshots', () => {
    const { config } = parseConfig(
      { graph: { clientId: 'id', clientSecret: 'hunter2' }, ldap: { url: 'ldaps://dc', password: 'pw' } },
      'x',
      '/',
    );
    const text = JSON.stringify(redactConfig(config));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('"pw"');
    expect(text).toContain('[redacted]');
  });

  it('ships an init template that is valid configuration', () => {
    expect(parse(CONFIG_TEMPLATE)).toBeTruthy();
    const loaded = parseConfig(parse(CONFIG_TEMPLATE), 'template', '/', { HYBRIDSCAN_CLIENT_SECRET: 'x' });
    expect(loaded.config.tenant).toBe('contoso.onmicrosoft.com');
  });
});
