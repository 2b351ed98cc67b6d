import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExoMailbox } from '../../src/evidence/exo.ts';
import type { GraphMailboxProbe, GraphUser } from '../../src/evidence/graph.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import {
  adUserCompactor,
  exoMailboxCompactor,
  graphUserCompactor,
  internPool,
  probeCompactor,
} from '../../src/util/compact-records.ts';

const plan = {
  capabilityStatus: 'Enabled',
  service: 'exchange',
  servicePlanId: 'efb87545',
  assignedDateTime: '2024-01-01',
};
const graphUser = (i: number, over: Partial<GraphUser> = {}): GraphUser =>
  JSON.parse(
    JSON.stringify({
      id: `id-${i}`,
      userPrincipalName: `u${i}@contoso.com`,
      mail: `u${i}@contoso.com`,
      proxyAddresses: [],
      onPremisesUserPrincipalName: `u${i}@contoso.com`,
      onPremisesProvisioningErrors: [],
      serviceProvisioningErrors: [],
      assignedPlans: [plan, { ...plan, service: 'SharePoint' }],
      ...over,
    }),
  );

describe('compact records', () => {
  it('keeps the JSON of any Entra user, AD user, mailbox row and probe exactly (property test)', () => {
    const text = fc.constantFrom('a@x.com', 'A@x.com', '', 'b');
    const list = fc.array(text, { maxLength: 2 });
    // Both ways: with an identity pool (a loaded snapshot) and without (a source, page by page).
    const pooled = internPool();
    const graphs = [graphUserCompactor(), graphUserCompactor(pooled)];
    const ads = [adUserCompactor(), adUserCompactor(pooled)];
    const exos = [exoMailboxCompactor(), exoMailboxCompactor(pooled)];
    const probe = probeCompactor(pooled);
    fc.assert(
      fc.property(
        fc.record(
          {
            id: text,
            userPrincipalName: text,
            mail: fc.option(text, { nil: null }),
            onPremisesUserPrincipalName: fc.option(text, { nil: null }),
            proxyAddresses: list,
            onPremisesProvisioningErrors: fc.constant([]),
            assignedPlans: fc.array(fc.constantFrom(plan, { service: 'x' }), { maxLength: 3 }),
          },
          { requiredKeys: ['id', 'userPrincipalName'] },
        ),
        fc.record(
          {
            dn: text,
            userPrincipalName: fc.option(text, { nil: undefined }),
            mail: text,
            sAMAccountName: text,
            mailNickname: text,
            objectGuid: text,
            consistencyGuid: text,
            proxyAddresses: list,
          },
          { requiredKeys: ['dn', 'objectGuid'] },
        ),
        fc.record(
          {
            primarySmtpAddress: text,
            userPrincipalName: text,
            recipientTypeDetails: text,
            archiveGuid: text,
          },
          { requiredKeys: ['primarySmtpAddress'] },
        ),
        fc.record({ userPrincipalName: text, reason: text, mailbox: text }),
        text,
        (g, a, m, p, key) => {
          const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
          for (const graph of graphs)
            expect(JSON.stringify(graph(clone(g) as unknown as GraphUser))).toBe(JSON.stringify(g));
          for (const ad of ads)
            expect(JSON.stringify(ad(clone(a) as unknown as AdUser))).toBe(JSON.stringify(a));
          for (const exo of exos)
            expect(JSON.stringify(exo(clone(m) as unknown as ExoMailbox))).toBe(JSON.stringify(m));
          expect(JSON.stringify(probe(clone(p) as unknown as GraphMailboxProbe, key))).toBe(
            JSON.stringify(p),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shares empty lists and repeated plans as frozen instances; lists with content stay the record own', () => {
    const compact = graphUserCompactor();
    const a = compact(graphUser(1));
    const b = compact(graphUser(2, { proxyAddresses: ['SMTP:u2@contoso.com'] }));
    expect(a.onPremisesProvisioningErrors).toBe(b.onPremisesProvisioningErrors);
    expect(Object.isFrozen(a.serviceProvisioningErrors)).toBe(true);
    expect(a.assignedPlans![0]).toBe(b.assignedPlans![0]);
    expect(Object.isFrozen(a.assignedPlans![0])).toBe(true);
    expect(a.assignedPlans).not.toBe(b.assignedPlans);
    expect(Object.isFrozen(b.proxyAddresses)).toBe(false);
    // A shared value refuses a write instead of changing every user that shares it.
    expect(() => (a.proxyAddresses as string[]).push('x')).toThrow(TypeError);
  });

  it('never adds a field the record lacked (an older snapshot without the lists)', () => {
    const u = graphUserCompactor()({ id: '1', userPrincipalName: 'u@x.com' } as GraphUser);
    expect(Object.keys(u)).toEqual(['id', 'userPrincipalName']);
  });
});
