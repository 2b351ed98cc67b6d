import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configSchema } from '../../../src/config/schema.ts';
import { type Simulation, startSimulation } from '../../../src/simulator/index.ts';
import { collectAll } from '../../../src/sources/collect.ts';
import collector from '../../../src/sources/ldap/collector.ts';
import { StreamingClient } from '../../../src/sources/ldap/stream.ts';
import { loadTlsTrust } from '../../../src/util/tls.ts';
import { DOMAIN, openSession, startSim } from '../../helpers/ldap-sim.ts';

// An ldapts whose client hands the socket's bytes to its parser under another name (as a later
// version might): the hook must not be installed, and every search must read the same through
// the public searchPaginated, with one debug note saying so.
vi.mock('ldapts', async (importOriginal) => {
  const real = await importOriginal<typeof import('ldapts')>();
  class Client extends real.Client {
    constructor(options: ConstructorParameters<typeof real.Client>[0]) {
      super(options);
      const self = this as unknown as {
        messageParser: Record<string, unknown>;
        messageDetailsByMessageId: unknown;
        socketDataHandler: (data: Buffer) => void;
      };
      const parser = self.messageParser;
      const read = parser.read as (data: Buffer, requests: unknown) => void;
      // the same parsing under another name, where the hook does not look (ldapts's read calls
      // itself for the next message of a chunk: it is there while it runs)
      parser.read = undefined;
      self.socketDataHandler = (data) => {
        parser.read = read;
        try {
          read.call(parser, data, self.messageDetailsByMessageId);
        } finally {
          parser.read = undefined;
        }
      };
    }
  }
  return { ...real, Client };
});
const notes = vi.hoisted(() => vi.fn());
vi.mock('node:util', async (importOriginal) => {
  const util = await importOriginal<typeof import('node:util')>();
  return {
    ...util,
    debuglog: (section: string) => (section === 'hybridscan' ? notes : util.debuglog(section)),
  };
});

let sim: Simulation | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('LDAP reading when ldapts internals are not as the message hook expects', () => {
  it('falls back to searchPaginated: contoso-ready reads into the same artifacts, one debug note', async () => {
    sim = await startSimulation('contoso-ready');
    const raw = JSON.parse(
      JSON.stringify(sim.config).replaceAll(
        '${HYBRIDSCAN_DEMO_LDAP_PASSWORD}',
        sim.env.HYBRIDSCAN_DEMO_LDAP_PASSWORD ?? '',
      ),
    ) as Record<string, unknown>;
    const config = configSchema.parse(raw);
    const out = await collectAll({
      config,
      collectors: [collector],
      tls: loadTlsTrust(config),
      signal: AbortSignal.timeout(20_000),
    });
    const expected = JSON.parse(
      readFileSync(new URL('../../../fixtures/ldap/contoso-ready-artifacts.json', import.meta.url), 'utf8'),
    );
    const data = Object.fromEntries(
      Object.entries(out.artifacts).map(([k, v]) => [k, v.status === 'ok' ? v.data : v.error]),
    );
    expect(data).toEqual(expected);
    expect(notes).toHaveBeenCalledTimes(1);
    expect(notes.mock.calls[0]![0]).toMatch(
      /no messageParser.read; searches fall back to ldapts's searchPaginated/,
    );
  });

  it('pages through a search with the hook off', async () => {
    expect(new StreamingClient({ url: 'ldap://127.0.0.1:1' }).streaming).toBe(false);
    const server = await startSim();
    try {
      const s = await openSession(server.url, { pageSize: 2 });
      const users = await s.search(DOMAIN, { filter: '(objectClass=user)', attributes: ['cn'] });
      await s.close();
      expect(users.length).toBeGreaterThan(4);
      expect(s.pageCount).toBe(Math.ceil(users.length / 2));
    } finally {
      await server.close();
    }
  });
});
