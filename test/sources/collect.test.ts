import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { collectAll } from '../../src/sources/collect.ts';
import { collectionWaves } from '../../src/sources/order.ts';
import type { Collector } from '../../src/sources/types.ts';
import { withTimeout } from '../../src/util/timeout.ts';
import { loadTlsTrust } from '../../src/util/tls.ts';

const { config } = parseConfig({ tenant: 'contoso.onmicrosoft.com' }, 'test', '/');
const tls = loadTlsTrust(config);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collector(partial: Partial<Collector> & Pick<Collector, 'id' | 'collect'>): Collector {
  return {
    produces: [],
    notConfigured: () => undefined,
    concurrency: () => 2,
    ...partial,
  } as Collector;
}

describe('collectAll', () => {
  it('compacts each user list as it is put: the JSON as collected, empty lists shared (as a loaded snapshot)', async () => {
    const user = (i: number) => ({
      id: `id-${i}`,
      userPrincipalName: `u${i}@contoso.com`,
      mail: `u${i}@contoso.com`,
      proxyAddresses: [`SMTP:u${i}@contoso.com`],
      serviceProvisioningErrors: [],
    });
    const put = [user(1), user(2)];
    const expected = JSON.stringify(put);
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users'],
          async collect(ctx) {
            ctx.put('graph.users', put as never);
          },
        }),
      ],
    });
    const users = (result.artifacts['graph.users'] as { data: typeof put }).data;
    expect(JSON.stringify(users)).toBe(expected);
    expect(users[0]!.serviceProvisioningErrors).toBe(users[1]!.serviceProvisioningErrors);
    expect(Object.isFrozen(users[0]!.serviceProvisioningErrors)).toBe(true);
  });

  it('compacts a user list record by record as the collector reads it, and then not again when it is put', async () => {
    const user = (i: number) => ({
      id: `id-${i}`,
      userPrincipalName: `u${i}@contoso.com`,
      proxyAddresses: [],
      serviceProvisioningErrors: [],
      assignedPlans: [{ service: 'exchange', capabilityStatus: 'Enabled' }],
    });
    const read = [user(1), user(2)];
    const unread = user(3);
    const expected = JSON.stringify([...read, unread]);
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      freezeArtifacts: false, // what is frozen is then what the compaction shared
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users'],
          async collect(ctx) {
            expect(() => ctx.compactRecords('ldap.users')).toThrow(/may not write artifact ldap.users/);
            const compact = ctx.compactRecords('graph.users');
            // Each page as it arrives: one compactor for the whole list (its pools span the pages).
            const list = read.map((u) => compact(u as never)) as unknown[];
            ctx.put('graph.users', [...list, unread] as never);
          },
        }),
      ],
    });
    const users = (result.artifacts['graph.users'] as { data: ReturnType<typeof user>[] }).data;
    expect(JSON.stringify(users)).toBe(expected);
    expect(users[0]!.proxyAddresses).toBe(users[1]!.proxyAddresses);
    expect(Object.isFrozen(users[0]!.proxyAddresses)).toBe(true);
    expect(users[0]!.assignedPlans[0]).toBe(users[1]!.assignedPlans[0]);
    // The record that did not go through the compactor is left as put: no second pass over the list.
    expect(users[2]!.proxyAddresses).not.toBe(users[0]!.proxyAddresses);
    expect(Object.isFrozen(users[2]!.serviceProvisioningErrors)).toBe(false);
  });

  it('keeps the JSON of a list compacted as read whether or not another source brings a user list', async () => {
    const graphUser = (i: number) => ({
      id: `id-${i}`,
      userPrincipalName: `u${i}@contoso.com`,
      mail: `u${i}@contoso.com`,
      onPremisesUserPrincipalName: `u${i}@contoso.com`,
      proxyAddresses: [`SMTP:u${i}@contoso.com`],
      onPremisesProvisioningErrors: [],
    });
    const adUser = (i: number) => ({
      dn: `CN=u${i}`,
      userPrincipalName: `u${i}@contoso.com`,
      proxyAddresses: [],
    });
    for (const withLdap of [false, true]) {
      const graph = [graphUser(1), graphUser(2)];
      const ad = [adUser(1)];
      const expected = JSON.stringify({ graph, ad });
      const result = await collectAll({
        config,
        tls,
        signal: new AbortController().signal,
        freezeArtifacts: false,
        collectors: [
          collector({
            id: 'graph',
            produces: ['graph.users', 'graph.mailboxProbes'],
            async collect(ctx) {
              const compact = ctx.compactRecords('graph.users');
              ctx.put('graph.users', graph.map((u) => compact(u as never)) as never);
            },
          }),
          ...(withLdap
            ? [
                collector({
                  id: 'ldap',
                  produces: ['ldap.users'],
                  async collect(ctx) {
                    ctx.put('ldap.users', ad as never);
                  },
                }),
              ]
            : []),
        ],
      });
      const data = (key: string) => (result.artifacts[key] as { data: unknown[] } | undefined)?.data;
      expect(JSON.stringify({ graph: data('graph.users'), ad: withLdap ? data('ldap.users') : ad })).toBe(
        expected,
      );
      const users = data('graph.users') as ReturnType<typeof graphUser>[];
      expect(users[0]!.onPremisesProvisioningErrors).toBe(users[1]!.onPremisesProvisioningErrors);
      expect(Object.isFrozen(users[0]!.onPremisesProvisioningErrors)).toBe(true);
    }
  });

  it('runs a collector after the sources it uses and lets it read their artifacts', async () => {
    const order: string[] = [];
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'dns',
          uses: ['openid'],
          produces: ['dns.domains'],
          async collect(ctx) {
            order.push('dns');
            const tenants = ctx.get('openid.tenants');
            ctx.put('dns.domains', { seen: { [`${Object.keys(tenants ?? {}).length}`]: {} as never } });
          },
        }),
        collector({
          id: 'openid',
          produces: ['openid.tenants'],
          async collect(ctx) {
            await sleep(20);
            order.push('openid');
            ctx.put('openid.tenants', { a: {} as never, b: {} as never });
          },
        }),
      ],
    });
    expect(order).toEqual(['openid', 'dns']);
    expect(result.artifacts['dns.domains']).toMatchObject({ status: 'ok', data: { seen: { '2': {} } } });
  });

  it('bounds concurrency per source and counts requests by endpoint', async () => {
    let active = 0;
    let peak = 0;
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users'],
          concurrency: () => 3,
          async collect(ctx) {
            await ctx.limiter.map([...Array(12).keys()], async (i) => {
              active++;
              peak = Math.max(peak, active);
              ctx.countRequest(i % 2 ? '/users' : '/domains');
              await sleep(5);
              active--;
            });
            ctx.put('graph.users', []);
          },
        }),
      ],
    });
    expect(peak).toBe(3);
    expect(result.sources.graph).toMatchObject({
      status: 'ok',
      requests: 12,
      requestsByEndpoint: { '/users': 6, '/domains': 6 },
    });
  });

  it('turns a throwing collector into artifact errors with the cause, others unaffected', async () => {
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'ldap',
          produces: ['ldap.users', 'ldap.acceptedDomains'],
          async collect(ctx) {
            ctx.put('ldap.acceptedDomains', []);
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:636'), { code: 'ECONNREFUSED' });
          },
        }),
        collector({
          id: 'openid',
          produces: ['openid.tenants'],
          collect: async (ctx) => ctx.put('openid.tenants', {}),
        }),
        collector({
          id: 'graph',
          produces: ['graph.users'],
          notConfigured: () => 'set `graph`',
          collect: async () => {},
        }),
      ],
    });
    expect(result.artifacts['ldap.users']).toEqual({
      status: 'error',
      error: { message: 'connect ECONNREFUSED 127.0.0.1:636', code: 'ECONNREFUSED' },
    });
    expect(result.artifacts['ldap.acceptedDomains']?.status).toBe('ok');
    expect(result.sources.ldap?.status).toBe('error');
    expect(result.sources.openid?.status).toBe('ok');
    expect(result.sources.graph).toMatchObject({ status: 'not-configured', reason: 'set `graph`' });
  });

  it('marks a source partial when some of its artifacts failed', async () => {
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users', 'graph.domains'],
          async collect(ctx) {
            ctx.put('graph.domains', []);
            ctx.fail('graph.users', { message: 'HTTP 403', code: 'FORBIDDEN', permission: 'User.Read.All' });
          },
        }),
      ],
    });
    expect(result.sources.graph).toMatchObject({ status: 'partial', reason: 'HTTP 403' });
  });

  it('refuses a collector writing another source’s artifact', async () => {
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'dns',
          produces: ['dns.domains'],
          collect: async (ctx) => ctx.put('graph.users', []),
        }),
      ],
    });
    expect(result.artifacts['dns.domains']).toMatchObject({ status: 'error' });
    expect(result.sources.dns?.reason).toContain('may not write artifact graph.users');
  });

  it('refuses a second write of the same artifact, put or fail, keeping the first', async () => {
    const result = await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users', 'graph.domains'],
          async collect(ctx) {
            ctx.put('graph.users', []);
            ctx.put('graph.users', []);
          },
        }),
        collector({
          id: 'ldap',
          produces: ['ldap.users'],
          async collect(ctx) {
            ctx.fail('ldap.users', { message: 'first', code: 'X' });
            ctx.put('ldap.users', []);
          },
        }),
      ],
    });
    expect(result.sources.graph?.reason).toBe('artifact graph.users was already put');
    expect(result.artifacts['graph.users']).toMatchObject({ status: 'ok', data: [] });
    expect(result.sources.ldap?.reason).toBe('artifact ldap.users was already failed');
    expect(result.artifacts['ldap.users']).toMatchObject({ status: 'error', error: { message: 'first' } });
  });

  it('freezes what was put, deeply, so a later mutation throws (and not when turned off)', async () => {
    const mutateAfterPut = (freezeArtifacts?: boolean) =>
      collectAll({
        config,
        tls,
        signal: new AbortController().signal,
        ...(freezeArtifacts === undefined ? {} : { freezeArtifacts }),
        collectors: [
          collector({
            id: 'openid',
            produces: ['openid.tenants'],
            async collect(ctx) {
              const tenants = { a: { name: 'a', national: [] as string[] } };
              ctx.put('openid.tenants', tenants as never);
              tenants.a.national.push('late');
            },
          }),
        ],
      });
    const frozen = await mutateAfterPut();
    expect(frozen.sources.openid?.status).toBe('error');
    expect(frozen.sources.openid?.reason).toMatch(/not extensible|read.only|frozen/i);
    expect(frozen.artifacts['openid.tenants']).toMatchObject({ data: { a: { national: [] } } });
    const unfrozen = await mutateAfterPut(false);
    expect(unfrozen.sources.openid?.status).toBe('ok');
  });

  it('stops on abort and records the abort reason for what was not collected', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('interrupted by user (Ctrl-C)'), 20);
    const result = await collectAll({
      config,
      tls,
      signal: controller.signal,
      collectors: [
        collector({
          id: 'graph',
          produces: ['graph.users'],
          collect: (ctx) =>
            new Promise((_, reject) =>
              ctx.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
            ),
        }),
      ],
    });
    expect(result.artifacts['graph.users']).toMatchObject({
      status: 'error',
      error: { code: 'ABORTED', message: 'interrupted by user (Ctrl-C)' },
    });
  });
});

describe('collection order from uses', () => {
  const shaped = (id: string, uses: string[] = []) => collector({ id, uses, collect: async () => {} });
  const ids = (waves: Collector[][]) => waves.map((w) => w.map((c) => c.id));

  it('puts identity sources first, DNS after Graph/LDAP, HTTP and the gateway after DNS', async () => {
    const { loadCollectors } = await import('../../src/sources/registry.ts');
    expect(ids(collectionWaves(await loadCollectors()))).toEqual([
      ['exo', 'graph', 'ldap', 'openid'],
      ['dns'],
      ['gateway', 'http'],
    ]);
  });

  it('ignores used sources that are not in the list, and a source using itself', () => {
    expect(ids(collectionWaves([shaped('http', ['dns', 'ldap']), shaped('ldap', ['ldap'])]))).toEqual([
      ['ldap'],
      ['http'],
    ]);
  });

  it('starts a collector as soon as what it uses is done, not when a whole wave is', async () => {
    const order: string[] = [];
    const step = (id: string, ms: number, uses: string[] = []) =>
      collector({
        id,
        uses,
        async collect() {
          await sleep(ms);
          order.push(id);
        },
      });
    await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [step('openid', 80), step('graph', 5), step('dns', 5, ['graph']), step('http', 5, ['dns'])],
    });
    expect(order).toEqual(['graph', 'dns', 'http', 'openid']);
  });

  it('after(): waits for a source it does not use, mid-collection, and reads its artifacts', async () => {
    const order: string[] = [];
    const waited: Record<string, boolean> = {};
    await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [
        collector({
          id: 'graph',
          async collect(ctx) {
            order.push('graph starts');
            waited.ldap = await ctx.after('ldap');
            order.push(`graph reads ${Object.keys(ctx.get('ldap.authServers') ?? {}).length} auth servers`);
            // dns uses graph: waiting for it would deadlock, so after() says no at once.
            waited.dns = await ctx.after('dns');
            waited.absent = await ctx.after('exo');
          },
        }),
        collector({
          id: 'ldap',
          produces: ['ldap.authServers'],
          async collect(ctx) {
            await sleep(30);
            order.push('ldap done');
            ctx.put('ldap.authServers', [{} as never, {} as never]);
          },
        }),
        collector({ id: 'dns', uses: ['graph'], async collect() {} }),
      ],
    });
    expect(order).toEqual(['graph starts', 'ldap done', 'graph reads 2 auth servers']);
    expect(waited).toEqual({ ldap: true, dns: false, absent: false });
  });

  it('AD and Entra (no uses between them) are collected at the same time, not one after the other', async () => {
    const spans: Record<string, { start: number; end: number }> = {};
    const slow = (id: string) =>
      collector({
        id,
        async collect() {
          const start = performance.now();
          await sleep(100); // a long paged read
          spans[id] = { start, end: performance.now() };
        },
      });
    const started = performance.now();
    await collectAll({
      config,
      tls,
      signal: new AbortController().signal,
      collectors: [slow('ldap'), slow('graph')],
    });
    const took = performance.now() - started;
    const { ldap, graph } = spans as Record<'ldap' | 'graph', { start: number; end: number }>;
    // Each began before the other ended: their runs overlap.
    expect(ldap.start).toBeLessThan(graph.end);
    expect(graph.start).toBeLessThan(ldap.end);
    expect(took).toBeLessThan(190); // one after the other would be 200 ms or more
  });

  it('edge: a cycle is an error naming the sources on it', () => {
    expect(() => collectionWaves([shaped('a', ['b']), shaped('b', ['c']), shaped('c', ['a'])])).toThrow(
      'collectors use each other in a cycle: a → b → c → a',
    );
  });
});

describe('withTimeout', () => {
  it('rejects with the operation named after the per-operation timeout', async () => {
    await expect(withTimeout('LDAP search of users', 20, () => new Promise(() => {}))).rejects.toThrow(
      'LDAP search of users timed out after 20 ms',
    );
  });

  it('passes the result through and aborts the work signal on timeout', async () => {
    expect(await withTimeout('quick', 100, async () => 42)).toBe(42);
    let aborted = false;
    await withTimeout('slow', 10, (signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise(() => {});
    }).catch(() => {});
    expect(aborted).toBe(true);
  });
});

describe('selectCollectors', () => {
  it('keeps the wanted sources and those they use, and parks the rest as not needed', async () => {
    const { selectCollectors } = await import('../../src/pipeline.ts');
    const all = ['openid', 'graph', 'ldap', 'dns', 'http'].map((id) =>
      collector({
        id,
        uses: id === 'http' ? ['dns', 'ldap'] : id === 'dns' ? ['graph'] : [],
        collect: async () => {},
      }),
    );
    const picked = selectCollectors(all, new Set(['http']));
    const active = picked.filter((c) => !c.notNeeded).map((c) => c.id);
    expect(active.sort()).toEqual(['dns', 'graph', 'http', 'ldap']);
    expect(picked.find((c) => c.id === 'openid')!.notNeeded).toBe(true);
    const { collectAll } = await import('../../src/sources/collect.ts');
    const { sources } = await collectAll({
      config,
      collectors: picked,
      tls: {} as never,
      signal: new AbortController().signal,
    });
    expect(sources.openid).toMatchObject({
      status: 'not-needed',
      reason: 'not needed by the selected checks',
    });
    expect(selectCollectors(all, undefined)).toBe(all);
  });
});
