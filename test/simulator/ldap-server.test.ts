import { Client } from 'ldapts';
import { afterEach, describe, expect, it } from 'vitest';
import { BIND_DN, DOMAIN, openSession, PASSWORD, startSim, TEST_CA } from '../helpers/ldap-sim.ts';

type Sim = Awaited<ReturnType<typeof startSim>>;
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('LDAP simulator (AD-like answers over real LDAP on loopback)', () => {
  it('pages with cookies: 6 users at page size 2 take 3 round trips', async () => {
    sim = await startSim();
    const s = await openSession(sim.url, { pageSize: 2 });
    const users = await s.search(DOMAIN, {
      filter: '(&(objectCategory=person)(objectClass=user))',
      attributes: ['cn'],
    });
    await s.close();
    expect(users).toHaveLength(6);
    const log = sim.log.filter((l) => l.filter.includes('objectcategory=person'));
    expect(log.map((l) => [l.paged, l.pageSize, l.returned])).toEqual([
      [true, 2, 2],
      [true, 2, 2],
      [true, 2, 2],
    ]);
  });

  it('answers an unpaged search over MaxPageSize with sizeLimitExceeded, like AD', async () => {
    sim = await startSim({ maxPageSize: 3 });
    const c = new Client({ url: sim.url, tlsOptions: { ca: [TEST_CA] } });
    await c.bind(BIND_DN, PASSWORD);
    await expect(c.search(DOMAIN, { filter: '(objectClass=user)' })).rejects.toMatchObject({ code: 4 });
    await c.unbind();
  });

  it('evaluates AD bitwise matching rules 803 (AND) and 804 (OR) on Large Integers', async () => {
    sim = await startSim();
    const s = await openSession(sim.url);
    const names = async (filter: string) =>
      (await s.search(DOMAIN, { filter, attributes: ['sAMAccountName'] }))
        .map((e) => e.attrs.get('samaccountname')?.[0])
        .sort();
    expect(await names('(msExchRecipientTypeDetails:1.2.840.113556.1.4.803:=2147483648)')).toEqual([
      'bob',
      'carol',
    ]);
    expect(
      await names(
        '(&(objectClass=user)(mailNickname=*)(msExchRecipientTypeDetails:1.2.840.113556.1.4.804:=53))',
      ),
    ).toEqual(['alice', 'dave']);
    expect(await names('(userAccountControl:1.2.840.113556.1.4.803:=65536)')).toEqual([
      'hybridscan',
      'svc-mailstore',
    ]);
    await s.close();
  });

  it('returns ranged values (member;range=0-2 …) and the client loop collects them all', async () => {
    sim = await startSim({ maxValRange: 3 });
    const s = await openSession(sim.url);
    const dn = `CN=Seven,OU=Groups,OU=Contoso,${DOMAIN}`;
    const first = await s.read(dn, ['member']);
    expect([...first!.attrs.keys()]).toEqual(['member;range=0-2']);
    const all = await s.rangedValues(dn, 'member');
    expect(all).toHaveLength(7);
    expect(new Set(all).size).toBe(7);
    expect(sim.log.filter((l) => l.base === dn).length).toBeGreaterThanOrEqual(4);
    await s.close();
  });

  it('refers a domain subtree search to the configuration partition instead of descending into it', async () => {
    sim = await startSim();
    const c = new Client({ url: sim.url, tlsOptions: { ca: [TEST_CA] } });
    await c.bind(BIND_DN, PASSWORD);
    const r = await c.search(DOMAIN, {
      filter: '(objectClass=msExchExchangeServer)',
      paged: { pageSize: 100 },
    });
    expect(r.searchEntries).toHaveLength(0);
    expect(r.searchReferences[0]).toMatch(/^ldap:\/\/corp\.contoso\.com\/cn=configuration,/);
    await c.unbind();
  });

  it('refuses searches before a bind (rootDSE excepted) and answers noSuchObject with the best match', async () => {
    sim = await startSim();
    const c = new Client({ url: sim.url, tlsOptions: { ca: [TEST_CA] } });
    const root = await c.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
    expect(root.searchEntries[0]?.defaultNamingContext).toBe(DOMAIN);
    await expect(c.search(DOMAIN, { filter: '(objectClass=user)' })).rejects.toMatchObject({ code: 1 });
    await c.bind(BIND_DN, PASSWORD);
    await expect(c.search(`CN=Nope,${DOMAIN}`, {})).rejects.toMatchObject({ code: 32 });
    await c.unbind();
  });
});
