import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfigFile, parseConfig } from '../../src/config/load.ts';
import { redactConfig } from '../../src/config/redact.ts';
import { ConfigError, UsageError } from '../../src/util/errors.ts';
import { tempConfig } from './helpers.ts';

/**
 * Property tier: hostile configs through the real file loader. Whatever the input, the loader
 * returns a valid config or throws a ConfigError/UsageError naming the file (and, per problem, a key
 * path that exists in the input), never echoes a secret, and answers quickly.
 */

/** Referenced only from secret keys: its value must never show. */
const SECRET_ENV = 'HYBRIDSCAN_PROPERTY_SECRET';
/** Referenced from anywhere: an ordinary value. */
const VALUE_ENV = 'HYBRIDSCAN_PROPERTY_VALUE';

/** Key paths the schema knows (where wrong types matter most) and some it does not. */
const KEY_PATHS: string[][] = [
  ['tenant'],
  ['domains'],
  ['graph'],
  ['graph', 'clientId'],
  ['graph', 'clientSecret'],
  ['graph', 'deviceCode'],
  ['graph', 'certificate'],
  ['graph', 'timeoutMs'],
  ['graph', 'maxRetryWaitMs'],
  ['ldap'],
  ['ldap', 'url'],
  ['ldap', 'password'],
  ['ldap', 'startTls'],
  ['ldap', 'caFile'],
  ['dns', 'servers'],
  ['dns', 'timeoutMs'],
  ['endpoints', 'caFile'],
  ['endpoints', 'connectTo'],
  ['endpoints', 'login'],
  ['checks', 'dns.dmarc'],
  ['checks', 'dns.dmarc', 'options'],
  ['exceptions'],
  ['exceptions', '0', 'expires'],
  ['plugins'],
  ['probes', 'ewsUrls'],
  ['probes', 'timeoutMs'],
  ['mailstore', 'gatewayAddress'],
  ['exchangeOnline', 'exportDir'],
  ['apiToken'],
  ['graph', 'clientSecrett'],
  ['unknownSection', 'nested'],
];

/** Where secrets are planted: the schema's secret keys and keys merely named like one. */
const SECRET_PATHS: string[][] = [
  ['graph', 'clientSecret'],
  ['ldap', 'password'],
  ['apiToken'],
  ['graph', 'clientSecrett'],
  ['ldap', 'password', 'nested'],
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '${1BAD}',
    '${HYBRIDSCAN_TENANT',
    '$${x}',
    '${}',
    `\${${VALUE_ENV}}`,
    'ldap://dc01',
    'ldaps://dc',
  ),
  fc.constantFrom(
    '2025-13-45',
    '2027-03-31',
    'https://x.example',
    'a:1:b:2',
    '1.1.1.1',
    'journal@gw.example',
  ),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);

const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    99999999999,
    2 ** 31,
    -1,
    0,
  ),
  fc.double(),
);

const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 }),
  ),
}));

/** A value wrapped in `depth` levels of objects or lists (deep nesting). */
const deepValue = fc
  .tuple(fc.integer({ min: 1, max: 200 }), fc.boolean(), hostileValue)
  .map(([depth, asList, leaf]) => {
    let v: unknown = leaf;
    for (let i = 0; i < depth; i++) v = asList ? [v] : { k: v };
    return v;
  });

/** A secret value to plant: unique enough that finding it in a message is a leak, not chance. */
const secret = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map((s) => `S3cr3t-${s}-zz`);

/** A planted secret: a string, or a number / list holding one (a wrong type must not be echoed either). */
const plantedSecret = fc.oneof(
  secret.map((s) => ({ value: s as unknown, text: s })),
  fc.integer({ min: 10 ** 12, max: 10 ** 13 }).map((n) => ({ value: n as unknown, text: String(n) })),
  secret.map((s) => ({ value: [s] as unknown, text: s })),
);

interface Case {
  config: Record<string, unknown>;
  secrets: string[];
  envSecret: string;
  asJson: boolean;
}

const configCase: fc.Arbitrary<Case> = fc
  .record({
    base: fc.constantFrom<Record<string, unknown>>(
      {},
      { tenant: 'contoso.onmicrosoft.com' },
      { tenant: 'contoso.onmicrosoft.com', graph: { clientId: 'c', clientSecret: `\${${SECRET_ENV}}` } },
      { tenant: 'contoso.onmicrosoft.com', ldap: { url: 'ldaps://dc', password: `\${${SECRET_ENV}}` } },
    ),
    edits: fc.array(
      fc.tuple(
        fc.constantFrom(...KEY_PATHS),
        fc.oneof({ arbitrary: hostileValue, weight: 4 }, { arbitrary: deepValue, weight: 1 }),
      ),
      {
        maxLength: 5,
      },
    ),
    planted: fc.array(fc.tuple(fc.constantFrom(...SECRET_PATHS), plantedSecret), { maxLength: 2 }),
    envSecret: secret,
    asJson: fc.boolean(),
  })
  .map(({ base, edits, planted, envSecret, asJson }) => {
    const config = structuredClone(base);
    for (const [path, value] of edits) setAt(config, path, value);
    // Secrets planted at secret keys, as strings and as wrong types: no message may echo them.
    const secrets: string[] = [];
    for (const [path, { value, text }] of planted) {
      setAt(config, path, value);
      secrets.push(text);
    }
    return { config, secrets, envSecret, asJson };
  });

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let cur: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

function serialize(c: Case): string {
  // YAML keeps NaN and Infinity (.nan, .inf); JSON turns them into null, which is hostile enough too.
  return c.asJson ? JSON.stringify(c.config) : stringify(c.config, { aliasDuplicateObjects: false });
}

/** The keys of `text`'s top-level map as the yaml library decodes them (none when it is no map). */
function topLevelKeys(text: string): string[] {
  try {
    const doc: unknown = parse(text);
    return doc && typeof doc === 'object' ? Object.keys(doc) : [];
  } catch {
    return [];
  }
}

/** `keyExists` says whether a problem path's first segment is a key of the input. */
function assertInvariants(
  text: string,
  keyExists: (key: string) => boolean,
  secrets: string[],
  envSecret: string,
): void {
  const file = tempConfig(text, 'hostile.yaml');
  const started = performance.now();
  let outcome: unknown;
  try {
    const loaded = loadConfigFile(file, { [SECRET_ENV]: envSecret, [VALUE_ENV]: 'contoso.com' });
    outcome = JSON.stringify(redactConfig(loaded.config));
  } catch (err) {
    if (!(err instanceof UsageError)) throw new Error(`not a config or usage error: ${String(err)}`);
    expect(err.message).toContain(file);
    if (err instanceof ConfigError) {
      expect(err.problems.length).toBeGreaterThan(0);
      for (const p of err.problems) {
        // Every problem names a key path that starts at a key of the input, or is about the file.
        if (p.path !== '') expect(keyExists(p.path.split(/[.[]/)[0]!), p.path).toBe(true);
        expect(typeof p.message).toBe('string');
      }
    }
    outcome = err.message;
  }
  for (const s of [...secrets, envSecret]) expect(String(outcome)).not.toContain(s);
  expect(performance.now() - started).toBeLessThan(1000);
}

describe('hostile configs (property)', () => {
  it('generated configs at known and unknown keys: a valid config or a config error, never a leak', () => {
    fc.assert(
      fc.property(configCase, (c) => {
        assertInvariants(serialize(c), (k) => k in c.config, c.secrets, c.envSecret);
      }),
      { numRuns: 200 },
    );
  });

  it('the same configs as parsed objects (scenarios, tests): no exception but a config error, no leak', () => {
    fc.assert(
      fc.property(configCase, (c) => {
        let outcome: string;
        try {
          outcome = JSON.stringify(redactConfig(parseConfig(c.config, 'object', '/', {}).config));
        } catch (err) {
          if (!(err instanceof ConfigError)) throw new Error(`not a config error: ${String(err)}`);
          for (const p of err.problems)
            if (p.path !== '') expect(p.path.split(/[.[]/)[0]! in c.config).toBe(true);
          outcome = err.message;
        }
        for (const s of c.secrets) expect(outcome).not.toContain(s);
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary text as a config file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), secret, (text, envSecret) => {
        // The keys of raw text are unknown: a path must start with something in the text, or with
        // a key of its top-level map as YAML decodes it (an escape such as "\x41" spells "A").
        assertInvariants(text, (k) => text.includes(k) || topLevelKeys(text).includes(k), [], envSecret);
      }),
      { numRuns: 200 },
    );
  });
});
