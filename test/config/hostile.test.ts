import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/config/limits.ts';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { ConfigError, UsageError } from '../../src/util/errors.ts';
import { linesOf, problemsOf, tempConfig } from './helpers.ts';

const TENANT = 'tenant: contoso.onmicrosoft.com\n';
const ENV = { HYBRIDSCAN_CLIENT_SECRET: 's3cret-value', HYBRIDSCAN_LDAP_PASSWORD: 'pw-value' };
const load = (text: string) => () => loadConfigFile(tempConfig(text), ENV);
const parse = (raw: unknown) => () => parseConfig(raw, 'x.yaml', '/', ENV);

describe('a config that configures nothing', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# tenant: contoso.onmicrosoft.com\n# graph:\n'],
    ['an empty mapping', '{}\n'],
    ['only check settings', 'checks:\n  dns.dmarc: warn\n'],
  ])('is refused: %s', (_, text) => {
    expect(linesOf(load(text))).toEqual([': nothing is configured: set tenant and at least one source']);
  });

  it('is accepted with a tenant alone (DNS and OpenID metadata need nothing else)', () => {
    expect(load(TENANT)().config.tenant).toBe('contoso.onmicrosoft.com');
  });
});

describe('resource exhaustion', () => {
  it('maps a YAML alias bomb to a config error', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
    ].join('\n');
    const lines = linesOf(load(bomb));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/alias/i);
  });

  it('refuses a file over the size limit without parsing it', () => {
    const big = `${TENANT}domains:\n${'  - d.example.com\n'.repeat(LIMITS.fileBytes / 17 + 10)}`;
    const started = Date.now();
    expect(linesOf(load(big))).toEqual([
      `: file is larger than ${LIMITS.fileBytes} bytes; a config is a few KB`,
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('accepts a file just under the size limit', () => {
    const domains = Array.from({ length: LIMITS.domains }, (_, i) => `  - d${i}.example.com`).join('\n');
    expect(load(`${TENANT}domains:\n${domains}\n`)().config.domains).toHaveLength(LIMITS.domains);
  });

  it.each([
    ['domains', { domains: Array(LIMITS.domains + 1).fill('a.example') }, LIMITS.domains],
    ['dns.servers', { dns: { servers: Array(LIMITS.dnsServers + 1).fill('1.1.1.1') } }, LIMITS.dnsServers],
    [
      'endpoints.connectTo',
      { endpoints: { connectTo: Array(LIMITS.connectTo + 1).fill('a:1:b:2') } },
      LIMITS.connectTo,
    ],
    ['plugins', { plugins: Array(LIMITS.plugins + 1).fill('p') }, LIMITS.plugins],
    [
      'exceptions',
      { exceptions: Array(LIMITS.exceptions + 1).fill({ check: 'dns.dmarc', reason: 'r' }) },
      LIMITS.exceptions,
    ],
  ])('bounds the list %s, naming the key and the limit', (key, raw, limit) => {
    const lines = linesOf(parse({ tenant: 't', ...raw }));
    expect(lines).toEqual([`${key}: too many entries: at most ${limit} allowed, got ${limit + 1}`]);
  });

  it('bounds the number of check settings', () => {
    const checks = Object.fromEntries(
      Array.from({ length: LIMITS.checks + 1 }, (_, i) => [`dns.c${i}`, 'off']),
    );
    expect(linesOf(parse({ checks }))).toEqual([
      `checks: too many entries: at most ${LIMITS.checks} allowed`,
    ]);
  });

  it('refuses absurd nesting by key path', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { k: deep };
    const [first] = problemsOf(parse({ checks: { 'dns.dmarc': { options: deep } } }));
    expect(first?.message).toBe(`nested deeper than ${LIMITS.depth} levels`);
    expect(first?.path).toMatch(/^checks\.dns\.dmarc\.options\.k/);
  });
});

describe('values that would be silently misread', () => {
  it('refuses two credentials at once', () => {
    const lines = linesOf(
      parse({ tenant: 't', graph: { clientId: 'c', clientSecret: 's', deviceCode: true } }),
    );
    expect(lines).toEqual([
      'graph: set exactly one credential (clientSecret, certificate or deviceCode: true), got clientSecret and deviceCode',
    ]);
  });

  it.each([
    ['graph.timeoutMs', { graph: { clientId: 'c', deviceCode: true, timeoutMs: 99999999999 } }, 600000],
    ['dns.timeoutMs', { dns: { timeoutMs: 99999999999 } }, 60000],
    ['ldap.timeoutMs', { ldap: { url: 'ldaps://dc', timeoutMs: 2 ** 31 } }, 600000],
    ['probes.timeoutMs', { probes: { timeoutMs: 1e12 } }, 600000],
    ['graph.maxRetryWaitMs', { graph: { clientId: 'c', deviceCode: true, maxRetryWaitMs: 1e10 } }, 3600000],
  ])('bounds %s to a sane range', (key, raw, max) => {
    expect(linesOf(parse(raw))).toEqual([
      expect.stringMatching(new RegExp(`^${key}: must be at most ${max}, got `)),
    ]);
  });

  it('accepts the largest allowed timeout and refuses zero', () => {
    expect(parse({ dns: { timeoutMs: 60000 } })().config.dns?.timeoutMs).toBe(60000);
    expect(linesOf(parse({ dns: { timeoutMs: 0 } }))).toEqual(['dns.timeoutMs: must be at least 1, got 0']);
  });

  it.each([['${1BAD}'], ['${HYBRIDSCAN_TENANT'], ['pre-${}-post']])(
    'refuses the malformed reference %s naming the key',
    (value) => {
      const lines = linesOf(parse({ tenant: value }));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^tenant: malformed \$\{\.\.\.\} reference/);
    },
  );

  it('still keeps $${ literal and interpolates a good reference beside it', () => {
    expect(parse({ tenant: '$${x}-${HYBRIDSCAN_LDAP_PASSWORD}' })().config.tenant).toBe('${x}-pw-value');
  });

  it.each(['2025-13-45', '2025-02-29', '2027-04-31', '0000-00-00'])(
    'refuses the impossible date %s',
    (expires) => {
      const lines = linesOf(parse({ exceptions: [{ check: 'dns.dmarc', reason: 'r', expires }] }));
      expect(lines).toEqual([
        `exceptions[0].expires: expected a real calendar date as YYYY-MM-DD (got "${expires}")`,
      ]);
    },
  );

  it('accepts a leap day', () => {
    const { config } = parse({ exceptions: [{ check: 'dns.dmarc', reason: 'r', expires: '2028-02-29' }] })();
    expect(config.exceptions[0]?.expires).toBe('2028-02-29');
  });

  it('refuses plain ldap:// unless StartTLS or allowInsecure is set', () => {
    expect(linesOf(parse({ ldap: { url: 'ldap://dc01' } }))).toEqual([
      expect.stringMatching(/^ldap\.url: plain ldap:\/\/ sends the bind password in clear text/),
    ]);
    expect(parse({ ldap: { url: 'ldap://dc01', startTls: true } })().config.ldap?.startTls).toBe(true);
    expect(parse({ ldap: { url: 'ldap://dc01', allowInsecure: true } })().config.ldap?.allowInsecure).toBe(
      true,
    );
  });
});

describe('secrets', () => {
  it.each([
    ['graph.clientSecret', `${TENANT}graph:\n  clientId: c\n  clientSecret: hunter2\n`],
    ['ldap.password', 'ldap:\n  url: ldaps://dc\n  password: 9876543210123\n'],
    ['ldap.password', 'ldap:\n  url: ldaps://dc\n  password: "prefix-${HYBRIDSCAN_LDAP_PASSWORD}"\n'],
  ])('refuses a literal %s and says how to use ${ENV}', (key, text) => {
    const err = (() => {
      try {
        load(text)();
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected an error');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.problems.map((p) => p.path)).toEqual([key]);
    expect(err.message).toMatch(/environment variable.*\$\{HYBRIDSCAN_/);
    expect(err.message).not.toMatch(/hunter2|9876543210123|prefix/);
  });

  it('accepts secrets given as ${ENV}', () => {
    const { config } = load(
      `${TENANT}graph:\n  clientId: c\n  clientSecret: \${HYBRIDSCAN_CLIENT_SECRET}\nldap:\n  url: ldaps://dc\n  password: \${HYBRIDSCAN_LDAP_PASSWORD}\n`,
    )();
    expect(config.graph?.clientSecret).toBe('s3cret-value');
    expect(config.ldap?.password).toBe('pw-value');
  });

  it('never echoes a secret value in a type error', () => {
    const err = (() => {
      try {
        parse({
          ldap: { url: 'ldaps://dc', password: 9876543210123 },
          graph: { clientId: 'c', clientSecret: [] },
        })();
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(err.message).toContain('ldap.password: expected string, got [redacted]');
    expect(err.message).toContain('graph.clientSecret: expected string, got [redacted]');
    expect(err.message).not.toContain('9876543210123');
  });
});

describe('graph must be usable as written', () => {
  it('needs the tenant', () => {
    expect(linesOf(load('graph:\n  clientId: c\n  deviceCode: true\n'))).toEqual([
      'tenant: graph needs the tenant to sign in to',
    ]);
  });

  it('needs a credential', () => {
    expect(linesOf(load(`${TENANT}graph:\n  clientId: c\n`))).toEqual([
      expect.stringMatching(/^graph: no credential: set clientSecret/),
    ]);
  });

  it('needs the certificate files to exist, by key path', () => {
    const text = `${TENANT}graph:\n  clientId: c\n  certificate: { certFile: nope.pem, keyFile: ${TEST_CA_FILE} }\n`;
    expect(linesOf(load(text))).toEqual([
      expect.stringMatching(/^graph\.certificate\.certFile: file not found: \/.*nope\.pem$/),
    ]);
  });
});

describe('CA files', () => {
  const caConfig = (caFile: string) => `${TENANT}endpoints:\n  caFile: ${caFile}\n`;

  it('accepts PEM and DER (a Windows export)', () => {
    const der = new X509Certificate(readFileSync(TEST_CA_FILE)).raw;
    expect(load(caConfig(TEST_CA_FILE))().config.endpoints.caFile).toBe(TEST_CA_FILE);
    const derFile = tempConfig(der, 'ca.cer');
    expect(load(caConfig(derFile))().config.endpoints.caFile).toBe(derFile);
  });

  it('refuses a file that is no certificate, naming the key', () => {
    const junk = tempConfig('not a certificate\n', 'ca.pem');
    expect(linesOf(load(caConfig(junk)))).toEqual([
      expect.stringMatching(/^endpoints\.caFile: .*ca\.pem is neither a PEM nor a DER certificate/),
    ]);
  });

  it('names the key for a missing CA file', () => {
    expect(linesOf(load(`ldap:\n  url: ldaps://dc\n  caFile: /nonexistent/ca.pem\n`))).toEqual([
      'ldap.caFile: cannot read CA file /nonexistent/ca.pem: ENOENT',
    ]);
  });
});

describe('messages', () => {
  it.each([
    ['.nan', 'NaN'],
    ['.inf', 'Infinity'],
    ['-.inf', '-Infinity'],
  ])('says %s is not a finite number', (yaml, shown) => {
    const lines = linesOf(load(`${TENANT}dns:\n  timeoutMs: ${yaml}\n`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dns\.timeoutMs: /);
    expect(lines[0]).toContain(shown);
    expect(lines[0]).not.toContain('null');
  });

  it('reads UTF-16 with a BOM and names UTF-16 without one', () => {
    const text = `${TENANT}domains: [contoso.com]\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(loadConfigFile(tempConfig(le), ENV).config.domains).toEqual(['contoso.com']);
    const be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]));
    expect(loadConfigFile(tempConfig(be), ENV).config.domains).toEqual(['contoso.com']);
    const bare = tempConfig(Buffer.from(text, 'utf16le'));
    expect(linesOf(() => loadConfigFile(bare, ENV))).toEqual([
      expect.stringMatching(/UTF-16.*save it as UTF-8/),
    ]);
  });

  it('reads UTF-8 with a BOM', () => {
    expect(loadConfigFile(tempConfig(`\uFEFF${TENANT}`), ENV).config.tenant).toBe('contoso.onmicrosoft.com');
  });

  it('lists the allowed severities for a wrong one', () => {
    expect(linesOf(parse({ checks: { 'dns.dmarc': 'error' } }))).toEqual([
      'checks.dns.dmarc: expected one of "off", "info", "warn", "fail", an object, got "error"',
    ]);
  });

  it('says a directory is a directory, without suggesting init onto it', () => {
    const dir = mkdtempSync(`${tmpdir()}/is-a-dir.yaml-`);
    let message = '';
    try {
      loadConfigFile(dir, ENV);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      message = (err as Error).message;
    }
    expect(message).toContain('is a directory');
    expect(message).not.toContain('init');
  });

  it('cuts a long wrong value short', () => {
    const [line] = linesOf(parse({ tenant: 'x'.repeat(5000), domains: 'y'.repeat(5000) }));
    expect(line?.length).toBeLessThan(200);
    expect(line).toContain('(5002 characters)');
  });
});
