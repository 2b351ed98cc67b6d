import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Directory } from '../../../src/simulator/ldap/directory.ts';
import { type LdifEntry, parseLdif } from '../../../src/simulator/ldap/ldif.ts';
import { SCENARIOS_DIR } from '../../../src/simulator/scenario.ts';
import { LdapError, type LdapSession, strs } from '../../../src/sources/ldap/client.ts';
import { readMailObjects, readUsers } from '../../../src/sources/ldap/reader.ts';
import { hookMismatch, StreamingClient } from '../../../src/sources/ldap/stream.ts';
import {
  SCRIPTED_BASE,
  type ScriptedPage,
  scriptedGuid,
  startScripted,
} from '../../helpers/ldap-scripted.ts';
import { DOMAIN, openSession, startSim } from '../../helpers/ldap-sim.ts';

// The one-time debug notes of src/sources/ldap/stream.ts (NODE_DEBUG=hybridscan is read at start-up).
const notes = vi.hoisted(() => vi.fn());
vi.mock('node:util', async (importOriginal) => {
  const util = await importOriginal<typeof import('node:util')>();
  return {
    ...util,
    debuglog: (section: string) => (section === 'hybridscan' ? notes : util.debuglog(section)),
  };
});

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  vi.restoreAllMocks();
});

async function session(url: string, over: Parameters<typeof openSession>[1] = {}): Promise<LdapSession> {
  const s = await openSession(url, over);
  closers.push(() => s.close());
  return s;
}

const naming = { domain: DOMAIN, configuration: `CN=Configuration,${DOMAIN}`, schema: `CN=Schema,${DOMAIN}` };

/** contoso-ready's directory with `n` users cloned from Alice (own names and GUIDs, some GUIDs valid UTF-8). */
function directoryWithUsers(n: number): Directory {
  const entries = parseLdif(readFileSync(`${SCENARIOS_DIR}/contoso-ready/ldap.ldif`, 'utf8'));
  const alice = entries.find((e) => e.dn.startsWith('CN=Alice Anders,'))!;
  const clones: LdifEntry[] = Array.from({ length: n }, (_, i) => {
    const guid = i % 2 ? scriptedGuid(i) : Buffer.from(`be7c0000${String(i).padStart(24, '0')}`, 'hex');
    return {
      dn: `CN=Clone ${i},OU=Users,OU=Contoso,${DOMAIN}`,
      attributes: alice.attributes.map(([attr, values]): [string, (string | Buffer)[]] => {
        const lower = attr.toLowerCase();
        if (lower === 'objectguid' || lower === 'ms-ds-consistencyguid') return [attr, [guid]];
        return [attr, values.map((v) => (typeof v === 'string' ? v.replace(/alice/gi, `clone${i}`) : v))];
      }),
    };
  });
  const users = entries.filter((e) => /^CN=[^,]+,OU=Users,OU=Contoso,/.test(e.dn)).map((e) => e.dn);
  const group: LdifEntry = {
    dn: `CN=Eight,OU=Groups,OU=Contoso,${DOMAIN}`,
    attributes: [
      ['objectClass', ['top', 'group']],
      ['mail', ['eight@contoso.com']],
      ['proxyAddresses', ['SMTP:eight@contoso.com']],
      ['member', [...users, ...clones.slice(0, 8 - users.length).map((c) => c.dn)]],
    ],
  };
  return new Directory([...entries, ...clones, group]);
}

/** Counts the entries the message hook decoded (the stand-ins it gave ldapts in their place). */
function countStreamed(): { count: number } {
  const seen = { count: 0 };
  const proto = StreamingClient.prototype as unknown as { streamed(...args: unknown[]): unknown };
  const streamed = proto.streamed;
  vi.spyOn(proto, 'streamed').mockImplementation(function (this: unknown, ...args: unknown[]) {
    const r = streamed.apply(this, args);
    if (r) seen.count++;
    return r;
  });
  return seen;
}

describe('LDAP searches: each entry converted as its message is parsed', () => {
  it('gives the records the page-by-page conversion gives, over many pages, and streams every entry', async () => {
    const sim = await startSim({ directory: directoryWithUsers(120) });
    closers.push(() => sim.close());
    const read = async (streamEntries: boolean) => {
      const s = await session(sim.url, { pageSize: 7, streamEntries });
      return {
        users: await readUsers(s, naming),
        mailObjects: await readMailObjects(s, naming),
        everything: await s.search(DOMAIN, { filter: '(objectClass=*)' }),
        pages: s.pageCount,
      };
    };
    const paged = await read(false);
    const streamed = countStreamed();
    const stream = await read(true);
    expect(stream).toEqual(paged);
    expect(stream.users.length).toBeGreaterThan(120);
    expect(stream.pages).toBeGreaterThan(2 * Math.ceil(120 / 7));
    expect(streamed.count).toBe(stream.users.length + stream.mailObjects.length + stream.everything.length);
    expect(notes).not.toHaveBeenCalled();
  });

  it('hands entries over before their page is complete, and asks for the next page only after it', async () => {
    let release = () => {};
    const hold = new Promise<void>((r) => {
      release = r;
    });
    const server = await startScripted([{ entries: 5, hold }, { entries: 3 }]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 5 });
    const converted: string[] = [];
    const reading = s.searchMap(SCRIPTED_BASE, { attributes: ['cn'] }, (e) => {
      converted.push(e.dn);
      return e.dn;
    });
    await vi.waitFor(() => expect(converted).toHaveLength(5));
    expect(server.requests).toBe(1);
    release();
    expect(await reading).toEqual(converted);
    expect(converted).toHaveLength(8);
    expect(server.requests).toBe(2);
  });

  it('asks for the next page as soon as a page result is parsed, before its entries are handed over', async () => {
    const server = await startScripted([
      { entries: 5, oneWrite: true },
      { entries: 3, oneWrite: true },
    ]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 5 });
    const events: string[] = [];
    const send = Client.prototype as unknown as { _send(message: object): Promise<unknown> };
    const original = send._send;
    vi.spyOn(send, '_send').mockImplementation(function (this: unknown, message: object) {
      events.push(message.constructor.name);
      return original.call(this, message);
    });
    const got = await s.searchMap(SCRIPTED_BASE, { attributes: ['cn'] }, (e) => {
      events.push('entry');
      return e.dn;
    });
    expect(got).toHaveLength(8);
    // the five entries and the page's result came in one read: the request for page 2 went out
    // while the five were still queued for decoding
    expect(events).toEqual(['SearchRequest', 'SearchRequest', ...Array(8).fill('entry')]);
    expect(server.requests).toBe(2);
  });

  it('a malformed entry fails the search with what is wrong in it, and the session reads on', async () => {
    const server = await startScripted([{ entries: 4, malformed: 2 }, { entries: 4 }, { entries: 4 }]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 4 });
    const seen: string[] = [];
    const err = await s
      .searchMap(SCRIPTED_BASE, {}, (e) => seen.push(e.dn))
      .catch((e: unknown) => e as LdapError);
    expect(err).toBeInstanceOf(LdapError);
    expect(err).toMatchObject({
      code: 'LDAP_ERROR',
      message: expect.stringMatching(/expected tag 0x4, got 0x2/),
    });
    expect(seen).toHaveLength(2);
    expect(await s.search(SCRIPTED_BASE, {})).toHaveLength(4);
  });

  it('reads ranged attributes (member;range=…) alike', async () => {
    const sim = await startSim({ directory: directoryWithUsers(10), maxValRange: 3 });
    closers.push(() => sim.close());
    const group = `CN=Eight,OU=Groups,OU=Contoso,${DOMAIN}`;
    const read = async (streamEntries: boolean) => {
      const s = await session(sim.url, { streamEntries });
      const first = await s.read(group, ['member;range=0-*']);
      return { first, all: await s.rangedValues(group, 'member') };
    };
    const stream = await read(true);
    expect(stream).toEqual(await read(false));
    expect([...stream.first!.attrs.keys()]).toEqual(['member;range=0-2']);
    expect(stream.first!.names).toBeUndefined();
    expect(stream.all).toHaveLength(8);
    expect(new Set(stream.all).size).toBe(8);
  });

  it('returns GUIDs as bytes even when they are valid UTF-8, and users keep them as base64 text', async () => {
    const sim = await startSim({ directory: directoryWithUsers(4) });
    closers.push(() => sim.close());
    const s = await session(sim.url);
    const [clone] = await s.search(DOMAIN, {
      filter: '(sAMAccountName=clone1)',
      attributes: ['objectGUID', 'mS-DS-ConsistencyGuid'],
    });
    const guid = clone!.attrs.get('objectguid')![0];
    expect(Buffer.isBuffer(guid)).toBe(true);
    expect((guid as Buffer).equals(scriptedGuid(1))).toBe(true);
    const users = await readUsers(s, naming);
    const user = users.find((u) => u.sAMAccountName === 'clone1')!;
    expect(user.objectGuid).toBe(scriptedGuid(1).toString('base64'));
    expect(user.consistencyGuid).toBe(user.objectGuid);
    for (const u of users) {
      for (const value of Object.values(u)) expect(Buffer.isBuffer(value)).toBe(false);
    }
  });

  it('stops converting at a limit, in the middle of a page, and asks for no further page', async () => {
    const server = await startScripted([{ entries: 10 }, { entries: 10 }]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 10 });
    let calls = 0;
    const got = await s.searchMap(SCRIPTED_BASE, { limit: 4 }, (e) => {
      calls++;
      return e.dn;
    });
    expect(got).toEqual([0, 1, 2, 3].map((i) => `CN=User ${i},${SCRIPTED_BASE}`));
    expect(calls).toBe(4);
    expect(server.requests).toBe(1);
  });

  it('a conversion that throws fails the search with its message, and the session reads on', async () => {
    const server = await startScripted([{ entries: 4 }, { entries: 4 }]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 4 });
    const err = await s
      .searchMap(SCRIPTED_BASE, {}, (e) => {
        if (e.dn.startsWith('CN=User 2,')) throw new Error('cannot convert User 2');
        return e.dn;
      })
      .catch((e: unknown) => e as LdapError);
    expect(err).toBeInstanceOf(LdapError);
    expect(err).toMatchObject({
      code: 'LDAP_ERROR',
      message: expect.stringMatching(/cannot convert User 2/),
    });
    // the rest of the page was parsed, not left in ldapts's buffer: the next search reads cleanly
    expect(await s.search(SCRIPTED_BASE, {})).toHaveLength(4);
  });
});

describe('LDAP searches that fail part-way through a page raise what the page-by-page reading raised', () => {
  const failAfterTwo = (code: number, diagnostic: string): ScriptedPage[] => [
    { entries: 3 },
    { entries: 2, code, diagnostic },
  ];
  it.each([
    [
      'a referral (10)',
      failAfterTwo(10, '0000202B: RefErr: DSID-0310082F, data 0, 1 access points'),
      'LDAP_ERROR',
      10,
    ],
    ['insufficientAccessRights (50)', failAfterTwo(50, '00002098: SecErr: DSID-03150F93'), 'FORBIDDEN', 50],
    [
      'noSuchObject (32)',
      failAfterTwo(32, '0000208D: NameErr: DSID-0310028B, problem 2001 (NO_OBJECT)'),
      'NOT_FOUND',
      32,
    ],
    ['timeLimitExceeded (3)', failAfterTwo(3, 'Time limit exceeded'), 'LDAP_ERROR', 3],
    ['busy (51)', failAfterTwo(51, '00002024: SvcErr: DSID-031A124C, problem 5001 (BUSY)'), 'LDAP_ERROR', 51],
    ['a dropped connection', [{ entries: 3 }, { entries: 2, hangUp: true }], 'LDAP_ERROR', undefined],
  ] as const)('%s', async (_, pages, code, resultCode) => {
    const errors: LdapError[] = [];
    for (const streamEntries of [true, false]) {
      const server = await startScripted([...pages]);
      closers.push(() => server.close());
      const s = await session(server.url, { bindDn: undefined, pageSize: 3, streamEntries });
      const err = await s.search(SCRIPTED_BASE, { attributes: ['cn'] }).catch((e: unknown) => e as LdapError);
      expect(err).toBeInstanceOf(LdapError);
      errors.push(err as LdapError);
    }
    const [stream, paged] = errors;
    expect({ code: stream!.code, resultCode: stream!.resultCode }).toEqual({ code, resultCode });
    expect(stream!.message.replace(/:\d+/g, ':PORT')).toBe(paged!.message.replace(/:\d+/g, ':PORT'));
  });

  it('tolerates continuation references in the middle of a search', async () => {
    const server = await startScripted([
      { entries: 3, references: 2 },
      { entries: 0, references: 1 },
      { entries: 2 },
    ]);
    closers.push(() => server.close());
    const s = await session(server.url, { bindDn: undefined, pageSize: 3 });
    const found = await s.search(SCRIPTED_BASE, {});
    expect(found.map((e) => e.dn)).toHaveLength(5);
    expect(found.map((e) => strs(e, 'proxyAddresses').length)).toEqual([2, 2, 2, 2, 2]);
    expect(server.requests).toBe(3);
  });
});

describe('LDAP searches when the ldapts hook does not apply', () => {
  it('detects ldapts internals that are not as expected', () => {
    const real = new StreamingClient({ url: 'ldap://127.0.0.1:1' });
    expect(hookMismatch(real)).toBeUndefined();
    expect(real.streaming).toBe(true);
    expect(hookMismatch({})).toMatch(/no messageParser\.read/);
    expect(hookMismatch({ messageParser: { parse() {} } })).toMatch(/no messageParser\.read/);
    expect(hookMismatch({ messageParser: { read() {} } })).toMatch(/no event emitter/);
    expect(new StreamingClient({ url: 'ldap://127.0.0.1:1' }, false).streaming).toBe(false);
  });

  it('an entry that reaches ldapts page result anyway is read from there, with a one-time debug note', async () => {
    const sim = await startSim({ directory: directoryWithUsers(20) });
    closers.push(() => sim.close());
    const expected = await readUsers(await session(sim.url, { pageSize: 6, streamEntries: false }), naming);
    expect(notes).not.toHaveBeenCalled();
    vi.spyOn(
      StreamingClient.prototype as unknown as { streamed(m: unknown): unknown },
      'streamed',
    ).mockReturnValue(undefined);
    const s = await session(sim.url, { pageSize: 6 });
    expect(await readUsers(s, naming)).toEqual(expected);
    expect(await readUsers(s, naming)).toEqual(expected);
    expect(notes).toHaveBeenCalledTimes(1);
    expect(notes.mock.calls[0]![0]).toMatch(/bypassed the ldapts message hook.*searchPaginated/);
  });
});
