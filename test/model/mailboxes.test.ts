import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExoMailbox } from '../../src/evidence/exo.ts';
import type { GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { type ExoMailboxIndex, hostsCloudMailbox, indexExoMailboxes } from '../../src/model/exo-mailboxes.ts';
import { guidBase64ToText } from '../../src/model/guid.ts';
import { buildModel } from '../../src/model/index.ts';
import { smtpAddresses } from '../../src/model/primary-smtp.ts';

/**
 * The plain definition of a user's Exchange Online rows, as the model first wrote it: every key
 * asked in order (ExchangeGuid, the Entra user, AD's UPN, mail and SMTP proxies), each distinct
 * row kept with the first key that found it, a hosting row preferred. The model skips keys it has
 * already asked; this asks them all, so the two must agree on every input.
 */
function referenceJoin(exo: ExoMailboxIndex, ad: AdUser | undefined, graph: GraphUser | undefined) {
  const rows: ExoMailbox[] = [];
  const bys: string[] = [];
  const add = (row: ExoMailbox | undefined, by: string) => {
    if (row && !rows.includes(row)) {
      rows.push(row);
      bys.push(by);
    }
  };
  const guid = ad?.mailboxGuid ? guidBase64ToText(ad.mailboxGuid) : undefined;
  if (guid) add(exo.byExchangeGuid(guid), 'exchangeGuid');
  if (graph) add(exo.forUser(graph), 'entra');
  if (ad) {
    if (ad.userPrincipalName) add(exo.byAddress(ad.userPrincipalName), 'address');
    if (ad.mail) add(exo.byAddress(ad.mail), 'address');
    for (const a of smtpAddresses(ad.proxyAddresses).all) add(exo.byAddress(a), 'address');
  }
  if (rows.length === 0) return { listed: exo.complete ? 'absent' : 'not-listed' };
  let pick = rows.findIndex(hostsCloudMailbox);
  if (pick < 0) pick = 0;
  return {
    exo: rows[pick],
    exoMatch: bys[pick],
    ...(rows.length > 1 ? { exoRows: rows } : {}),
    listed: hostsCloudMailbox(rows[pick]) ? 'hosted' : 'not-hosted',
  };
}

// A small world, so that users and rows share addresses in every combination: case and spaces
// differ, an address may be a UPN on one side and a proxy on the other.
const address = fc.constantFrom('a@x.com', 'A@X.com', ' a@x.com', 'b@x.com', 'B@x.com', 'c@x.com', 'd@y.com');
const proxies = fc.array(
  fc.tuple(fc.constantFrom('SMTP:', 'smtp:', 'sip:', 'X500:'), address).map(([p, a]) => p + a.trim()),
  { maxLength: 4 },
);
const guidB64 = fc.constantFrom('q2pWyJ3+5UiqoeO2l0VBAQ==', 'fhwfbFotnkudPwobLD1OXw==');
const exoRow = fc.record({
  primarySmtpAddress: address,
  userPrincipalName: fc.option(address, { nil: undefined }),
  emailAddresses: proxies,
  recipientTypeDetails: fc.constantFrom('UserMailbox', 'MailUser', 'SharedMailbox', 'RemoteUserMailbox'),
  externalDirectoryObjectId: fc.option(fc.constantFrom('id-1', 'ID-2'), { nil: undefined }),
  exchangeGuid: fc.option(
    fc.constantFrom('{C8566AAB-FE9D-48E5-AAA1-E3B697454101}', '6c1f1c7e-2d5a-4b9e-9d3f-0a1b2c3d4e5f'),
    {
      nil: undefined,
    },
  ),
});
const adUser = fc.record({
  dn: fc.constantFrom('CN=u1,DC=x', 'CN=u2,DC=x'),
  sAMAccountName: fc.constantFrom('u1', 'u2'),
  userPrincipalName: fc.option(address, { nil: undefined }),
  mail: fc.option(address, { nil: undefined }),
  proxyAddresses: proxies,
  objectGuid: guidB64,
  mailboxGuid: fc.option(guidB64, { nil: undefined }),
  msExchRecipientTypeDetails: fc.constantFrom('1', '2147483648'),
});
const graphUser = fc.record({
  id: fc.constantFrom('id-1', 'id-2', 'id-3'),
  userPrincipalName: address,
  mail: fc.option(address, { nil: null }),
  proxyAddresses: proxies,
  onPremisesSyncEnabled: fc.constantFrom(true, null),
  onPremisesImmutableId: guidB64,
});

describe('model: mailboxes joined to the Exchange Online list', () => {
  it('finds the same rows, match and state as asking every key (property test)', () => {
    fc.assert(
      fc.property(
        fc.array(adUser, { maxLength: 3 }),
        fc.array(graphUser, { maxLength: 3 }),
        fc.array(exoRow, { maxLength: 5 }),
        fc.boolean(),
        (adUsers, graphUsers, rows, complete) => {
          const ads = adUsers as AdUser[];
          const graphs = graphUsers as unknown as GraphUser[];
          const mailboxes = rows as unknown as ExoMailbox[];
          const m = buildModel({
            'ldap.users': ads,
            'graph.users': graphs,
            'exo.mailboxes': { origin: { via: 'admin-api', cmdlet: 'Get-Mailbox' }, complete, mailboxes },
          });
          const exo = indexExoMailboxes(mailboxes, complete);
          const pick = (u: object) => {
            const { exo: row, exoMatch, exoRows, listed } = u as Record<string, unknown>;
            return { exo: row, exoMatch, exoRows, listed };
          };
          for (const u of m.mailboxes.adUsers)
            expect(pick(u)).toEqual(pick(referenceJoin(exo, u.ad, u.graph)));
          for (const u of m.mailboxes.cloudOnly)
            expect(pick(u)).toEqual(pick(referenceJoin(exo, undefined, u.graph)));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
