import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { type Simulation, startSimulation } from '../../../src/simulator/index.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import collector, { LDAP_ARTIFACTS } from '../../../src/sources/ldap/collector.ts';
import { parseJournalRuleXml } from '../../../src/sources/ldap/reader.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';

let sim: Simulation | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function collect(scenario: string, patch: (c: Record<string, unknown>) => void = () => {}) {
  sim = await startSimulation(scenario);
  const raw = JSON.parse(
    JSON.stringify(sim.config).replaceAll(
      '${HYBRIDSCAN_DEMO_LDAP_PASSWORD}',
      sim.env.HYBRIDSCAN_DEMO_LDAP_PASSWORD ?? '',
    ),
  ) as Record<string, unknown>;
  patch(raw);
  const config = configSchema.parse(raw);
  return collectAll({
    config,
    collectors: [collector],
    tls: loadTlsTrust(config),
    signal: AbortSignal.timeout(20_000),
  });
}

const data = (out: Awaited<ReturnType<typeof collect>>) =>
  Object.fromEntries(
    Object.entries(out.artifacts).map(([k, v]) => [k, v.status === 'ok' ? v.data : v.error]),
  );

describe('LDAP collector against the simulated AD', () => {
  it('reads contoso-ready into exactly the artifacts the check tests use', async () => {
    const out = await collect('contoso-ready');
    expect(out.sources.ldap?.status).toBe('ok');
    const expected = JSON.parse(
      readFileSync(new URL('../../../fixtures/ldap/contoso-ready-artifacts.json', import.meta.url), 'utf8'),
    );
    expect(data(out)).toEqual(expected);
    expect(Object.keys(out.artifacts).sort()).toEqual([...LDAP_ARTIFACTS].sort());
    // one bind, then only paged searches
    expect(out.sources.ldap?.requestsByEndpoint.bind).toBe(1);
    expect(out.sources.ldap?.requestsByEndpoint['search page']).toBeGreaterThan(15);
  });

  it('fails every artifact with AUTH_FAILED and the AD sub-code for a wrong password', async () => {
    const out = await collect('ldap-wrong-password');
    expect(out.sources.ldap?.status).toBe('error');
    for (const key of LDAP_ARTIFACTS) {
      const a = out.artifacts[key];
      expect(a?.status).toBe('error');
      if (a?.status === 'error') {
        expect(a.error.code).toBe('AUTH_FAILED');
        expect(a.error.message).toMatch(/AD sub-code 52e/);
        expect(a.error.message).not.toContain('not-the-right-password');
      }
    }
  });

  it('reads over StartTLS with only ldap.caFile trusted (no endpoints.caFile)', async () => {
    const out = await collect('ldap-starttls', (c) => {
      delete (c.endpoints as Record<string, unknown>).caFile;
    });
    expect(out.artifacts['ldap.rootDse']?.status).toBe('ok');
    expect((data(out)['ldap.rootDse'] as { transport: string }).transport).toBe('starttls');
  });

  it('names an unreadable ldap.caFile', async () => {
    const out = await collect('contoso-ready', (c) => {
      (c.ldap as Record<string, unknown>).caFile = '/nonexistent/ca.pem';
    });
    const a = out.artifacts['ldap.users'];
    expect(a?.status === 'error' && a.error.message).toMatch(/cannot read ldap.caFile \/nonexistent\/ca.pem/);
  });

  it('keeps reading the domain when the Exchange organisation is missing (org-scoped artifacts fail with the cause)', async () => {
    const out = await collect('contoso-ready', (c) => {
      (c.ldap as Record<string, unknown>).configurationDn = 'CN=Configuration,DC=fabrikam,DC=com';
    });
    expect(out.artifacts['ldap.users']?.status).toBe('ok');
    expect(data(out)['ldap.organizations']).toEqual([]);
    const hc = out.artifacts['ldap.hybridConfiguration'];
    expect(hc?.status === 'error' && hc.error.code).toBe('NO_EXCHANGE_ORG');
  });

  it('reads the broken variants through overlays (delete and attribute replace)', async () => {
    const out = await collect('ldap-no-hybrid');
    expect(data(out)['ldap.hybridConfiguration']).toBeNull();
    await sim?.stop();
    const routing = await collect('ldap-remote-routing');
    const bob = (data(routing)['ldap.users'] as { sAMAccountName?: string; targetAddress?: string }[]).find(
      (u) => u.sAMAccountName === 'bob',
    );
    expect(bob?.targetAddress).toBe('SMTP:bob@contoso.com');
  });
});

describe('journal rule XML', () => {
  it('reads the recipient of the Journal action and the conditions that limit the scope', () => {
    const p = parseJournalRuleXml(
      '<rule name="Sales" enabled="false"><version requiredMinVersion="15.0.3.0"><condition><and><isMemberOf><argument value="sales@contoso.com" /></isMemberOf></and></condition><action name="Journal"><argument value="SMTP:journal@gateway.example.net" /></action></version></rule>',
    );
    expect(p).toEqual({
      ruleName: 'Sales',
      enabled: false,
      recipients: ['journal@gateway.example.net'],
      conditions: ['isMemberOf'],
      scopeValues: ['sales@contoso.com'],
    });
  });

  it('leaves enabled unknown when the XML does not say, and throws on a non-rule document', () => {
    expect(
      parseJournalRuleXml(
        '<rule name="All"><action name="Journal"><argument value="j@x.net"/></action></rule>',
      ).enabled,
    ).toBeUndefined();
    expect(() => parseJournalRuleXml('<notarule/>')).toThrow(/no <rule>/);
  });
});

describe('database journal recipients', () => {
  it('resolves msExchMessageJournalRecipient to the contact and its external address, or flags a dangling DN', async () => {
    const { startSim, openSession, testDirectory, DOMAIN } = await import('../../helpers/ldap-sim.ts');
    const { readDatabases } = await import('../../../src/sources/ldap/reader.ts');
    const dir = testDirectory();
    const db = dir.entries.find((e) => e.dn.startsWith('CN=DB01,'))!;
    const contact = `CN=MailStore Gateway,OU=Contoso,${DOMAIN}`;
    db.attrs.set('msexchmessagejournalrecipient', {
      name: 'msExchMessageJournalRecipient',
      values: [contact],
    });
    const added = { dn: contact, key: contact.toLowerCase(), attrs: new Map() };
    added.attrs.set('objectclass', { name: 'objectClass', values: ['top', 'contact'] });
    added.attrs.set('targetaddress', { name: 'targetAddress', values: ['SMTP:journal@gateway.example.net'] });
    dir.entries.push(added);
    dir.byKey.set(added.key, added);
    const server = await startSim({ directory: dir });
    try {
      const s = await openSession(server.url);
      const naming = {
        domain: DOMAIN,
        configuration: `CN=Configuration,${DOMAIN}`,
        schema: `CN=Schema,CN=Configuration,${DOMAIN}`,
      };
      const [withContact] = await readDatabases(s, naming);
      expect(withContact?.journalRecipientObject).toEqual({
        objectClass: ['top', 'contact'],
        targetAddress: 'SMTP:journal@gateway.example.net',
        exists: true,
      });
      db.attrs.set('msexchmessagejournalrecipient', {
        name: 'msExchMessageJournalRecipient',
        values: [`CN=Deleted,${DOMAIN}`],
      });
      const [dangling] = await readDatabases(s, naming);
      expect(dangling?.journalRecipientObject).toEqual({ objectClass: [], exists: false });
      await s.close();
    } finally {
      await server.close();
    }
  });
});
