import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ScanResult } from '../../src/engine/types.ts';
import { Anonymizer, anonymizeSnapshot } from '../../src/snapshot/anonymize.ts';
import { memoryIo } from '../helpers/io.ts';

const key = Buffer.from('test-key');
const a = new Anonymizer(key, ['contoso.com', 'contoso.onmicrosoft.com', 'corp.contoso.com']);

describe('Anonymizer', () => {
  it('replaces organisation labels, host labels, local parts and RDN values, stably', () => {
    const t = a.token('contoso');
    expect(a.text('alice@contoso.com')).toBe(`${a.token('alice', 'u')}@${t}.com`);
    expect(a.text('SMTP:alice@contoso.mail.onmicrosoft.com')).toBe(
      `SMTP:${a.token('alice', 'u')}@${t}.mail.onmicrosoft.com`,
    );
    expect(a.text('https://mail.contoso.com/EWS/Exchange.asmx')).toBe(
      `https://mail.${t}.com/EWS/Exchange.asmx`,
    );
    expect(a.text('ex01-berlin.corp.contoso.com')).toBe(`${a.token('ex01-berlin', 'h')}.corp.${t}.com`);
    expect(a.text('CN=Alice Smith,OU=Users,DC=corp,DC=contoso,DC=com')).toBe(
      `CN=${a.token('Alice Smith', 'n')},OU=${a.token('Users', 'n')},DC=corp,DC=${t},DC=com`,
    );
    expect(a.text('Contoso Ltd')).toBe(`${t} Ltd`);
    expect(a.value({ userPrincipalName: 'alice@contoso.com', displayName: 'Alice Smith' })).toEqual({
      userPrincipalName: a.text('alice@contoso.com'),
      displayName: a.token('Alice Smith', 'n'),
    });
    // An application's name is not a person's: rules read its ExchangeServerApp- prefix.
    expect(a.value({ appId: '1', displayName: 'ExchangeServerApp-1' })).toEqual({
      appId: '1',
      displayName: 'ExchangeServerApp-1',
    });
    expect(a.text('selector1-contoso-com._domainkey.contoso.onmicrosoft.com')).toBe(
      `selector1-${t}-com._domainkey.${t}.onmicrosoft.com`,
    );
    expect(a.text('/v1.0/alice%40contoso.com?Protocol=EWS')).toBe(
      `/v1.0/${a.token('alice', 'u')}%40${t}.com?Protocol=EWS`,
    );
  });

  it('keeps Microsoft and public names that rules depend on', () => {
    for (const kept of [
      'contoso-com.mail.protection.outlook.com'.replace('contoso-com', 'x'),
      'outlook.office365.com',
      'v=spf1 include:spf.protection.outlook.com -all',
      'graph.microsoft.com',
    ]) {
      expect(a.text(kept)).toBe(kept);
    }
  });

  it('depends on the key', () => {
    expect(new Anonymizer(Buffer.from('other'), ['contoso.com']).token('contoso')).not.toBe(
      a.token('contoso'),
    );
  });
});

describe('--anonymize', () => {
  it('gives the same statuses as a plain scan, with no organisation name in the output', async () => {
    const env = { HYBRIDSCAN_ANONYMIZE_KEY: 'k' };
    const plainIo = memoryIo(env);
    await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet'], plainIo);
    const anonIo = memoryIo(env);
    await main(['node', 'hybridscan', 'demo', '--format', 'json', '--quiet', '--anonymize'], anonIo);
    const plain = JSON.parse(plainIo.out()) as ScanResult;
    const anon = JSON.parse(anonIo.out()) as ScanResult;
    expect(anon.checks.map((c) => [c.id, c.status])).toEqual(plain.checks.map((c) => [c.id, c.status]));
    expect(anon.verdict).toBe(plain.verdict);
    // Evidence and messages carry no names; remediation texts are the checks' own static examples.
    const data = JSON.stringify(anon.checks.map((c) => [c.message, c.reason, c.findings])).toLowerCase();
    expect(data).not.toMatch(/\bcontoso\b|\balice\b|\bbob\b|\bcarol\b/);
  });

  it('prints a generated key once when none is set', async () => {
    const io = memoryIo();
    await main(
      ['node', 'hybridscan', 'demo', '--format', 'json', '--quiet', '--anonymize', '--only', 'tenant'],
      io,
    );
    expect(io.err()).toMatch(/HYBRIDSCAN_ANONYMIZE_KEY=\S{20,}/);
  });

  it('looks up the token of a name with the key', async () => {
    const io = memoryIo({ HYBRIDSCAN_ANONYMIZE_KEY: 'test-key' });
    expect(await main(['node', 'hybridscan', 'anonymize', '--lookup', 'alice@contoso.com'], io)).toBe(0);
    expect(io.out()).toContain(`${a.token('alice', 'u')}@${a.token('contoso')}.com`);
  });
});

describe('server short names (NetBIOS) get the same token as their FQDN', () => {
  it('EX01, ncacn_np:EX01 and an x-feserver header are tokenised when ex01.corp.contoso.com is', () => {
    const withHosts = new Anonymizer(key, ['contoso.com'], ['ex01']);
    const token = withHosts.token('ex01', 'h');
    expect(withHosts.text('ex01.corp.contoso.com')).toMatch(new RegExp(`^${token}\\.`));
    expect(withHosts.text('EX01')).toBe(token);
    expect(withHosts.text('ncacn_np:EX01')).toBe(`ncacn_np:${token}`);
    expect(withHosts.value({ 'x-feserver': 'EX01' })).toEqual({ 'x-feserver': token });
    // Whole words only: a longer name that merely contains it is not touched.
    expect(withHosts.text('EX012')).toBe('EX012');
  });

  it('no server short name of the contoso-ready snapshot survives --anonymize', () => {
    const snapshot = JSON.parse(readFileSync('fixtures/golden/contoso-ready.snapshot.json', 'utf8'));
    const names = new Set<string>();
    for (const s of snapshot.artifacts['ldap.exchangeServers']?.data ?? []) names.add(String(s.name));
    expect(names.size).toBeGreaterThan(0);
    const out = JSON.stringify(anonymizeSnapshot(snapshot, key));
    for (const name of names)
      expect(out).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${name}(?![A-Za-z0-9])`, 'i'));
  });
});
