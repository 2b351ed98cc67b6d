import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';
import { UsageError } from '../../src/util/errors.ts';
import { loadTlsTrust, readCaFile } from '../../src/util/tls.ts';
import { tempConfig } from './helpers.ts';

const PEM = readFileSync(TEST_CA_FILE, 'utf8');
const fingerprint = new X509Certificate(PEM).fingerprint256;
const trustWith = (caFile: string) =>
  loadTlsTrust(parseConfig({ tenant: 't', endpoints: { caFile } }, 'x', '/').config);

describe('CA files (endpoints.caFile, ldap.caFile)', () => {
  it('keeps a PEM file, usable by Node', () => {
    const { extra } = trustWith(TEST_CA_FILE);
    expect(new X509Certificate(extra[0]!).fingerprint256).toBe(fingerprint);
    expect(() => createSecureContext({ ca: extra })).not.toThrow();
  });

  it('converts a DER file (Windows export) to the same certificate as PEM', () => {
    const der = tempConfig(new X509Certificate(PEM).raw, 'ca.cer');
    const { extra } = trustWith(der);
    expect(extra[0]).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(new X509Certificate(extra[0]!).fingerprint256).toBe(fingerprint);
  });

  it('keeps every certificate of a PEM bundle and drops text around them', () => {
    const bundle = tempConfig(`subject=CA one\n${PEM}\nsubject=CA two\n${PEM}`, 'bundle.pem');
    expect(readCaFile(bundle, 'endpoints.caFile').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it.each([
    ['text', 'hello\n', /is neither a PEM nor a DER certificate/],
    [
      'a private key',
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
      /neither a PEM nor a DER/,
    ],
    [
      'a broken PEM block',
      '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n',
      /not a valid certificate/,
    ],
    ['an empty file', '', /neither a PEM nor a DER/],
  ])('refuses %s, naming the key', (_, content, why) => {
    const file = tempConfig(content, 'ca.pem');
    expect(() => trustWith(file)).toThrow(UsageError);
    expect(() => trustWith(file)).toThrow(/^endpoints\.caFile: /);
    expect(() => trustWith(file)).toThrow(why);
  });

  it('names the key when the file is missing', () => {
    expect(() => trustWith('/nonexistent/ca.pem')).toThrow(
      'endpoints.caFile: cannot read CA file /nonexistent/ca.pem: ENOENT',
    );
  });
});
