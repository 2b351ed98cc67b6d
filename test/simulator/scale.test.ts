import { describe, expect, it } from 'vitest';
import { guidBase64ToText } from '../../src/model/guid.ts';
import { loadExoData } from '../../src/simulator/exo/data.ts';
import { loadGraphData } from '../../src/simulator/graph/data.ts';
import { Directory } from '../../src/simulator/ldap/directory.ts';
import type { LdifEntry } from '../../src/simulator/ldap/ldif.ts';
import { readScale, scaleExoMailboxes, scaleGraphUsers, scaleLdif } from '../../src/simulator/scale.ts';
import { listScenarios, loadScenario, type Scenario } from '../../src/simulator/scenario.ts';
import { scenarioLdif } from '../../src/simulator/servers/ldap.ts';

const scaled = (copies: number, name = 'contoso-ready'): Scenario => ({
  ...loadScenario(name),
  scale: { copies },
});

const attr = (e: LdifEntry, name: string) =>
  e.attributes.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1][0];
const text = (e: LdifEntry, name: string) => {
  const v = attr(e, name);
  return v === undefined ? undefined : String(v);
};
const b64 = (e: LdifEntry, name: string) => {
  const v = attr(e, name);
  return Buffer.isBuffer(v) ? v.toString('base64') : undefined;
};
const users = (entries: LdifEntry[]) =>
  entries.filter((e) => (e.attributes.find(([k]) => k === 'objectClass')?.[1] ?? []).includes('user'));

describe('scaleLdif', () => {
  const base = scenarioLdif(loadScenario('contoso-ready'));

  it('copies the mail-enabled users, keeps service accounts, groups and configuration once', () => {
    const out = scaleLdif(base, 3);
    expect(out.length).toBe(base.length + 4 * 2);
    const sams = users(out).map((e) => text(e, 'sAMAccountName'));
    expect(sams.filter((s) => s === 'svc-mailstore' || s === 'hybridscan')).toHaveLength(2);
    expect(sams.filter((s) => s?.startsWith('bob'))).toEqual(['bob', 'bob.1', 'bob.2']);
    expect(out.filter((e) => e.dn.startsWith('CN=All Staff,'))).toHaveLength(1);
    // every DN, anchor and mailbox GUID distinct
    for (const a of ['objectGUID', 'msExchMailboxGuid']) {
      const vs = users(out)
        .map((e) => b64(e, a))
        .filter(Boolean);
      expect(new Set(vs).size, a).toBe(vs.length);
    }
    expect(new Set(out.map((e) => e.dn.toLowerCase())).size).toBe(out.length);
    // the original is untouched
    expect(out.filter((e) => base.includes(e))).toHaveLength(base.length);
  });

  it('renames a copy everywhere it names itself and changes its GUIDs in bytes 8–11 only', () => {
    const out = scaleLdif(base, 8);
    const bob = out.find((e) => e.dn.startsWith('CN=Bob Baker,'))!;
    const bob7 = out.find((e) => e.dn.startsWith('CN=Bob Baker 7,'))!;
    expect(bob7.dn).toBe('CN=Bob Baker 7,OU=Users,OU=Contoso,DC=corp,DC=contoso,DC=com');
    expect(text(bob7, 'cn')).toBe('Bob Baker 7');
    expect(text(bob7, 'userPrincipalName')).toBe('bob.7@contoso.com');
    expect(text(bob7, 'mail')).toBe('bob.7@contoso.com');
    expect(text(bob7, 'mailNickname')).toBe('bob.7');
    expect(text(bob7, 'targetAddress')).toBe('SMTP:bob.7@contoso.mail.onmicrosoft.com');
    expect(bob7.attributes.find(([k]) => k === 'proxyAddresses')?.[1]).toEqual([
      'SMTP:bob.7@contoso.com',
      'smtp:bob.7@contoso.mail.onmicrosoft.com',
    ]);
    expect(text(bob7, 'msExchRemoteRecipientType')).toBe('4');
    expect(text(bob7, 'msDS-ExternalDirectoryObjectID')).toBe('User_5d7c2e19-0a0b-4a11-8c8e-bb480e2c9a02');
    const g = Buffer.from(b64(bob, 'objectGUID')!, 'base64');
    const g7 = Buffer.from(b64(bob7, 'objectGUID')!, 'base64');
    expect(g7.subarray(0, 8)).toEqual(g.subarray(0, 8));
    expect(g7.subarray(12)).toEqual(g.subarray(12));
    expect(g7.readUInt32BE(8)).toBe((g.readUInt32BE(8) ^ 7) >>> 0);
    expect(b64(bob7, 'mS-DS-ConsistencyGuid')).toBe(b64(bob7, 'objectGUID'));
  });

  it('copies: 1 is the directory as written', () => {
    expect(scaleLdif(base, 1)).toEqual(base);
  });
});

describe('a scaled scenario: every side holds the same copies', () => {
  const scenario = scaled(5);
  const ldif = scenarioLdif(scenario);
  const graph = loadGraphData(scenario)!;
  const exo = loadExoData(scenario, ldif)!;

  it('each copied AD user has its Entra user: same DN, UPN, anchor and object id', () => {
    const mailUsers = users(ldif).filter((e) => text(e, 'mail'));
    expect(mailUsers).toHaveLength(20);
    const byDn = new Map(graph.users.map((u) => [String(u.onPremisesDistinguishedName), u]));
    for (const e of mailUsers) {
      const g = byDn.get(e.dn);
      expect(g, e.dn).toBeDefined();
      expect(g!.userPrincipalName).toBe(text(e, 'userPrincipalName'));
      expect(g!.onPremisesSamAccountName).toBe(text(e, 'sAMAccountName'));
      expect(g!.onPremisesImmutableId).toBe(b64(e, 'mS-DS-ConsistencyGuid') ?? b64(e, 'objectGUID'));
      expect(g!.mail).toBe(text(e, 'mail'));
      const edoid = text(e, 'msDS-ExternalDirectoryObjectID');
      if (edoid) expect(edoid).toBe(`User_${g!.id}`);
    }
    // the cloud-only admin (no mail) stays once
    expect(graph.users.filter((u) => String(u.userPrincipalName).startsWith('admin'))).toHaveLength(1);
    expect(graph.users).toHaveLength(21);
  });

  it('the Exchange Online mailbox list has every copied remote mailbox, ExchangeGuid = AD msExchMailboxGuid', () => {
    const rows = Array.from({ length: exo.mailboxes.count }, (_, i) => exo.mailboxes.at(i));
    expect(rows).toHaveLength(10);
    const remote = users(ldif).filter((e) => text(e, 'targetAddress'));
    expect(remote).toHaveLength(10);
    const byUpn = new Map(rows.map((r) => [r.UserPrincipalName, r]));
    const ids = new Map(graph.users.map((u) => [u.userPrincipalName, u.id]));
    for (const e of remote) {
      const upn = text(e, 'userPrincipalName')!;
      const row = byUpn.get(upn);
      expect(row, upn).toBeDefined();
      expect(row!.ExchangeGuid).toBe(guidBase64ToText(b64(e, 'msExchMailboxGuid')!));
      expect(row!.ExternalDirectoryObjectId).toBe(ids.get(upn));
    }
  });

  it('a written mailbox list is copied like its users', () => {
    const row = {
      PrimarySmtpAddress: 'bob@contoso.com',
      UserPrincipalName: 'bob@contoso.com',
      ExchangeGuid: 'efbeadde-0000-0000-0000-000000000002',
      ArchiveGuid: '00000000-0000-0000-0000-000000000000',
      ExternalDirectoryObjectId: '5d7c2e19-0a0b-4a11-8c8e-bb4f0e2c9a02',
      EmailAddresses: ['SMTP:bob@contoso.com'],
    };
    const [, copy] = scaleExoMailboxes([row], 2);
    expect(copy).toEqual({
      PrimarySmtpAddress: 'bob.1@contoso.com',
      UserPrincipalName: 'bob.1@contoso.com',
      ExchangeGuid: 'efbeadde-0000-0000-0000-000100000002',
      ArchiveGuid: '00000000-0000-0000-0000-000000000000',
      ExternalDirectoryObjectId: '5d7c2e19-0a0b-4a11-8c8e-bb4e0e2c9a02',
      EmailAddresses: ['SMTP:bob.1@contoso.com'],
    });
    // the scaled scenario's own bob.1 has the same GUIDs
    const bob1 = graph.users.find((u) => u.userPrincipalName === 'bob.1@contoso.com')!;
    expect(bob1.id).toBe(copy!.ExternalDirectoryObjectId);
  });

  it('scaleGraphUsers keeps the simulator-only mailbox answer of the original', () => {
    const base = loadGraphData(loadScenario('contoso-ready'))!.users;
    const out = scaleGraphUsers(base, 3);
    expect(out.filter((u) => u.mailbox === 'cloud')).toHaveLength(6);
    expect(new Set(out.map((u) => u.id)).size).toBe(out.length);
  });
});

describe('scale: in scenario.yaml', () => {
  it('contoso-2000 extends contoso-ready with 500 copies and is listed with a description', () => {
    expect(loadScenario('contoso-2000').scale).toEqual({ copies: 500 });
    expect(loadScenario('contoso-ready').scale).toBeUndefined();
    expect(listScenarios().find((s) => s.name === 'contoso-2000')?.description).toMatch(/2,000 users/);
  });

  it('a 50,000-user organisation builds in a few seconds', () => {
    const started = performance.now();
    const scenario = scaled(12_500);
    const ldif = scenarioLdif(scenario);
    const directory = new Directory(ldif);
    const graph = loadGraphData(scenario)!;
    const exo = loadExoData(scenario, ldif)!;
    const ms = performance.now() - started;
    expect(users(ldif).filter((e) => text(e, 'mail'))).toHaveLength(50_000);
    expect(directory.entries.length).toBeGreaterThan(50_000);
    expect(graph.users.length).toBe(50_001);
    expect(exo.mailboxes.count).toBe(25_000);
    expect(ms).toBeLessThan(15_000);
  });
});

describe('readScale', () => {
  it('reads { copies: N }, nothing for no scale', () => {
    expect(readScale({ copies: 500 })).toEqual({ copies: 500 });
    expect(readScale(undefined)).toBeUndefined();
    expect(readScale(null)).toBeUndefined();
  });

  it.each([{ copies: 0 }, { copies: 2.5 }, { copies: 200_000 }, { copies: '5' }, { users: 10 }, 'big', 5])(
    'edge: rejects %j',
    (scale) => {
      expect(() => readScale(scale)).toThrow(/scale must be \{ copies: N \}/);
    },
  );
});
