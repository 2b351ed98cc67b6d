import { describe, expect, it } from 'vitest';
import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { guidTextToBase64 } from '../../src/model/guid.ts';
import { buildModel, modelInputOf } from '../../src/model/index.ts';

const GUID = 'c8566aab-fe9d-48e5-aaa1-e3b697454101';
const GUID_AD_BYTES_B64 = guidTextToBase64(GUID); // q2pWyJ3+5UiqoeO2l0VBAQ==

const ad = (sam: string, over: Partial<AdUser> = {}): AdUser => ({
  dn: `CN=${sam},OU=Users,DC=corp,DC=contoso,DC=com`,
  sAMAccountName: sam,
  userPrincipalName: `${sam}@contoso.com`,
  proxyAddresses: [`SMTP:${sam}@contoso.com`],
  objectGuid: Buffer.from(sam.padEnd(16, '-')).toString('base64'),
  ...over,
});
const entra = (name: string, over: Partial<GraphUser> = {}): GraphUser => ({
  id: `id-${name}`,
  userPrincipalName: `${name}@contoso.com`,
  proxyAddresses: [`SMTP:${name}@contoso.com`],
  onPremisesSyncEnabled: true,
  onPremisesImmutableId: Buffer.from(name.padEnd(16, '-')).toString('base64'),
  ...over,
});

describe('model: users', () => {
  it('joins each AD user to its Entra user once and answers both directions', () => {
    const a = ad('alice');
    const g = entra('alice');
    const m = buildModel({ 'ldap.users': [a], 'graph.users': [g] });
    expect(m.users.adFor(g)).toBe(a);
    expect(m.users.graphFor(a)).toBe(g);
    expect(m.users.pairOf(a)?.joinedBy).toBe('sourceAnchor');
    expect(m.users.hasAd).toBe(true);
  });

  it('leaves a user with no anchor to the DN fallback, and unjoined without one', () => {
    const a = ad('bob');
    const viaDn = entra('bob', {
      onPremisesImmutableId: null,
      onPremisesDistinguishedName: a.dn.toUpperCase(),
    });
    const none = entra('carol', { onPremisesImmutableId: null });
    const m = buildModel({ 'ldap.users': [a, ad('dave')], 'graph.users': [viaDn, none] });
    expect(m.users.pairOf(a)?.joinedBy).toBe('distinguishedName');
    expect(m.users.adFor(none)).toBeUndefined();
    expect(m.users.graphOnly).toEqual([none]);
    expect(m.users.adOnly.map((u) => u.sAMAccountName)).toEqual(['dave']);
  });

  it('gives a duplicated anchor to one AD user only; the copy is not joined to the same Entra user', () => {
    const anchor = Buffer.from('shared-anchor-16').toString('base64');
    const first = ad('first', { consistencyGuid: anchor });
    const copy = ad('copy', { consistencyGuid: anchor });
    const g = entra('first', { onPremisesImmutableId: anchor });
    const m = buildModel({ 'ldap.users': [first, copy], 'graph.users': [g] });
    expect(m.users.graphFor(first)).toBe(g);
    expect(m.users.graphFor(copy)).toBeUndefined();
    expect(m.users.adOnly).toEqual([copy]);
  });

  it('joins an immutable id written as GUID text to the AD byte order, not to the RFC byte order', () => {
    const adOrder = ad('erin', { objectGuid: GUID_AD_BYTES_B64 });
    const rfcOrder = ad('frank', {
      objectGuid: Buffer.from(GUID.replace(/-/g, ''), 'hex').toString('base64'),
    });
    const g = entra('erin', { onPremisesImmutableId: GUID.toUpperCase() });
    const m = buildModel({ 'ldap.users': [rfcOrder, adOrder], 'graph.users': [g] });
    expect(m.users.adFor(g)).toBe(adOrder);
    expect(m.users.adByGuid(GUID)).toBe(adOrder);
    expect(m.users.adByGuid(`{${GUID.toUpperCase()}}`)).toBe(adOrder);
    expect(m.users.adByGuid(GUID_AD_BYTES_B64)).toBe(adOrder);
  });

  it('finds users by address whatever the case, and nobody for an unknown address', () => {
    const a = ad('gina', { proxyAddresses: ['SMTP:Gina@Contoso.com', 'smtp:G.Smith@contoso.COM'] });
    const g = entra('gina');
    const m = buildModel({ 'ldap.users': [a], 'graph.users': [g] });
    expect(m.users.byAddress('g.smith@CONTOSO.com').ad).toEqual([a]);
    expect(m.users.byAddress(' GINA@contoso.com ')).toEqual({ ad: [a], graph: [g] });
    expect(m.users.byAddress('nobody@contoso.com')).toEqual({ ad: [], graph: [] });
  });
});

describe('model: memoised and lazy', () => {
  it('reads an artifact only when a view needs it and builds each view once', () => {
    const reads: string[] = [];
    const data: Record<string, unknown> = { 'ldap.users': [ad('a')], 'graph.users': [entra('a')] };
    const input = new Proxy(data, {
      get(target, key: string) {
        reads.push(key);
        return target[key];
      },
    });
    const m = buildModel(input);
    expect(reads).toEqual([]);
    const first = m.users;
    expect(m.users).toBe(first);
    expect(m.mailboxes).toBe(m.mailboxes);
    expect(reads.filter((k) => k === 'ldap.users')).toHaveLength(1);
    expect(reads).not.toContain('ldap.exchangeServers');
  });

  it('keeps only artifacts collected without error', () => {
    expect(
      modelInputOf({
        'ldap.users': { status: 'ok', data: [] },
        'graph.users': { status: 'error' },
        'graph.domains': undefined,
      }),
    ).toEqual({ 'ldap.users': [] });
  });
});

describe('model: mailboxes', () => {
  const probe = (upn: string, mailbox: GraphMailboxProbe['mailbox']): GraphMailboxProbe => ({
    userId: upn,
    userPrincipalName: upn,
    reason: 'test',
    mailbox,
  });

  it('places on-premises, remote and duplicated mailboxes from AD and the probe', () => {
    const onprem = ad('on', { msExchRecipientTypeDetails: '1' });
    const linked = ad('linked', { msExchRecipientTypeDetails: '2' });
    const remote = ad('rem', { msExchRecipientTypeDetails: '2147483648' });
    const both = ad('both', { msExchRecipientTypeDetails: '1' });
    const contact = ad('nomail');
    const m = buildModel({
      'ldap.users': [onprem, linked, remote, both, contact],
      'graph.users': [
        entra('on'),
        entra('rem'),
        entra('both'),
        entra('cloud', { onPremisesSyncEnabled: false }),
      ],
      'graph.mailboxProbes': {
        'on@contoso.com': probe('on@contoso.com', 'not-in-cloud'),
        'both@contoso.com': probe('both@contoso.com', 'cloud'),
        'cloud@contoso.com': probe('cloud@contoso.com', 'cloud'),
      },
    });
    const where = Object.fromEntries(m.mailboxes.adUsers.map((u) => [u.ad?.sAMAccountName, u.location]));
    expect(where).toEqual({ on: 'on-premises', linked: 'on-premises', rem: 'cloud', both: 'both' });
    expect(m.mailboxes.cloudOnly.map((u) => [u.name, u.location])).toEqual([['cloud@contoso.com', 'cloud']]);
    expect(m.mailboxes.adUsers.find((u) => u.name === 'linked@contoso.com')?.cloud).toBe('no-entra-user');
  });

  it('says none for a remote mailbox the cloud denies, and uses an EXO export when present', () => {
    const orphan = ad('orphan', { msExchRecipientTypeDetails: '2147483648' });
    const exported = ad('exp', { msExchRecipientTypeDetails: '1' });
    const base = {
      'ldap.users': [orphan, exported],
      'graph.users': [entra('orphan'), entra('exp')],
      'graph.mailboxProbes': { 'orphan@contoso.com': probe('orphan@contoso.com', 'not-in-cloud') },
    };
    const without = buildModel(base);
    expect(without.exoMailboxes).toBeUndefined();
    expect(without.mailboxes.adUsers.map((u) => u.location)).toEqual(['none', 'on-premises']);
    const withExo = buildModel({
      ...base,
      'exo.mailboxes': {
        origin: { via: 'admin-api', cmdlet: 'Get-Mailbox' },
        complete: true,
        mailboxes: [
          { primarySmtpAddress: 'EXP@contoso.com', recipientTypeDetails: 'UserMailbox' },
          {
            primarySmtpAddress: 'x@contoso.com',
            recipientTypeDetails: 'MailUser',
            externalDirectoryObjectId: 'id-orphan',
          },
        ],
      },
    });
    const [o, e] = withExo.mailboxes.adUsers;
    expect(o?.exo?.recipientTypeDetails).toBe('MailUser');
    expect(o?.location).toBe('none');
    expect(e?.exo?.primarySmtpAddress).toBe('EXP@contoso.com');
    expect(e?.location).toBe('both');
  });
});

describe('model: mailboxes on the Exchange Online mailbox list', () => {
  const list = (mailboxes: object[], complete = true) => ({
    origin: { via: 'admin-api' as const, cmdlet: 'Get-Mailbox' },
    complete,
    mailboxes: mailboxes as never,
  });

  // AD stores msExchMailboxGuid in the Windows GUID byte order (src/model/guid.ts); Exchange Online
  // prints ExchangeGuid as GUID text: the join must convert, not compare base64 with text.
  it('joins an AD mailbox to its Exchange Online row by ExchangeGuid, in the AD byte order', () => {
    const m = buildModel({
      'ldap.users': [
        ad('moved', { msExchRecipientTypeDetails: '2147483648', mailboxGuid: GUID_AD_BYTES_B64 }),
      ],
      'graph.users': [],
      'exo.mailboxes': list([
        {
          primarySmtpAddress: 'other@contoso.com',
          recipientTypeDetails: 'UserMailbox',
          exchangeGuid: `{${GUID.toUpperCase()}}`,
        },
      ]),
    });
    const [u] = m.mailboxes.adUsers;
    expect(u?.exoMatch).toBe('exchangeGuid');
    expect(u?.exchangeGuid).toBe(GUID);
    expect(u?.listed).toBe('hosted');
    expect(u?.location).toBe('cloud');
  });

  it('prefers a row hosting a mailbox over the MailUser of the same user (a second mailbox is never hidden)', () => {
    const m = buildModel({
      'ldap.users': [ad('dup', { msExchRecipientTypeDetails: '1', mailboxGuid: GUID_AD_BYTES_B64 })],
      'graph.users': [entra('dup')],
      'exo.mailboxes': list([
        { primarySmtpAddress: 'mu@contoso.com', recipientTypeDetails: 'MailUser', exchangeGuid: GUID },
        {
          primarySmtpAddress: 'dup@contoso.com',
          recipientTypeDetails: 'UserMailbox',
          exchangeGuid: '11111111-1111-1111-1111-111111111111',
        },
      ]),
    });
    const [u] = m.mailboxes.adUsers;
    expect(u?.exo?.recipientTypeDetails).toBe('UserMailbox');
    expect(u?.exoRows).toHaveLength(2);
    expect(u?.location).toBe('both');
  });

  it('absence proves nothing on an incomplete list, and proves "no mailbox" on a complete one', () => {
    const users = {
      'ldap.users': [ad('rem', { msExchRecipientTypeDetails: '2147483648' })],
      'graph.users': [entra('rem')],
    };
    const complete = buildModel({ ...users, 'exo.mailboxes': list([], true) }).mailboxes.adUsers[0];
    const partial = buildModel({ ...users, 'exo.mailboxes': list([], false) }).mailboxes.adUsers[0];
    expect(complete?.listed).toBe('absent');
    expect(complete?.location).toBe('none');
    expect(partial?.listed).toBe('not-listed');
    // Not probed either: the remote mailbox is presumed where AD says, never reported as missing.
    expect(partial?.location).toBe('cloud');
  });

  it('lists the hosted rows nobody matched, but not those of synced users outside the AD read', () => {
    const m = buildModel({
      'ldap.users': [],
      'graph.users': [entra('elsewhere')],
      'exo.mailboxes': list([
        { primarySmtpAddress: 'elsewhere@contoso.com', recipientTypeDetails: 'UserMailbox' },
        { primarySmtpAddress: 'ghost@contoso.com', recipientTypeDetails: 'SharedMailbox' },
        { primarySmtpAddress: 'stub@contoso.com', recipientTypeDetails: 'MailUser' },
      ]),
    });
    expect(m.mailboxes.exoUnmatched.map((x) => x.primarySmtpAddress)).toEqual(['ghost@contoso.com']);
    expect(m.mailboxes.exoList).toEqual({ complete: true, rows: 3 });
  });
});

describe('model: servers and mail domains', () => {
  it('decodes server builds and flags Edge servers', () => {
    const m = buildModel({
      'ldap.exchangeServers': [
        { dn: 'CN=EX1', name: 'EX1', serialNumber: 'Version 15.2 (Build 1748.10)', roles: 16439 },
        { dn: 'CN=EDGE', name: 'EDGE', roles: 64 },
      ],
    });
    expect(m.servers.map((s) => [s.server.name, s.release?.cu, s.isEdge])).toEqual([
      ['EX1', 'CU15', false],
      ['EDGE', undefined, true],
    ]);
    expect(buildModel({}).servers).toEqual([]);
  });

  it('lists every mail domain once with all its origins, marking Microsoft-owned ones', () => {
    const m = buildModel(
      {
        'graph.domains': [
          { id: 'Contoso.com', isVerified: true, supportedServices: [] },
          { id: 'unverified.com', isVerified: false, supportedServices: [] },
          { id: 'contoso.onmicrosoft.com', isVerified: true, supportedServices: [] },
        ],
        'ldap.acceptedDomains': [
          { dn: 'x', name: 'x', domain: '*.fabrikam.com', type: 'Authoritative', isDefault: false, flags: 0 },
        ],
        'ldap.users': [ad('a', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:a@tailspin.com'] })],
      },
      { configDomains: ['contoso.com'] },
    );
    expect(m.mailDomains.map((d) => [d.domain, d.origins, d.microsoftOwned])).toEqual([
      ['contoso.com', ['config', 'graph-verified', 'proxy-address'], false],
      ['contoso.onmicrosoft.com', ['graph-verified'], true],
      ['fabrikam.com', ['accepted-domain'], false],
      ['tailspin.com', ['proxy-address'], false],
    ]);
  });
});
