import { describe, expect, it } from 'vitest';
import type { GraphUser } from '../../../src/evidence/graph.ts';
import { pickSuspects, SuspectPicker } from '../../../src/sources/graph/mailbox-probes.ts';

type Probes = { onPremisesMailbox?: string; cloudMailbox?: string };

/** The selection as first written: one pass per kind over every user, in order, then the first max. */
function reference(users: readonly GraphUser[], probes: Probes | undefined, max: number) {
  const out = new Map<string, { user: GraphUser; reason: string }>();
  const add = (user: GraphUser, reason: string) => {
    if (!out.has(user.id)) out.set(user.id, { user, reason });
  };
  for (const u of users)
    if ((u.onPremisesProvisioningErrors ?? []).length > 0) add(u, 'directory-sync provisioning error');
  for (const u of users)
    if (
      (u.serviceProvisioningErrors ?? []).some(
        (e) => !e.isResolved && e.serviceInstance?.toLowerCase().startsWith('exchange/'),
      )
    )
      add(u, 'unresolved Exchange Online provisioning error');
  for (const u of users)
    if (u.onPremisesSyncEnabled && /\.onmicrosoft\.com$/i.test(u.userPrincipalName))
      add(u, 'synced UPN on *.onmicrosoft.com');
  for (const [kind, address] of Object.entries(probes ?? {})) {
    if (typeof address !== 'string') continue;
    const a = address.toLowerCase();
    const u = users.find(
      (x) =>
        x.userPrincipalName.toLowerCase() === a ||
        x.mail?.toLowerCase() === a ||
        x.proxyAddresses.some((p) => p.toLowerCase() === `smtp:${a}`),
    );
    if (u) add(u, `configured probe user (probes.${kind})`);
  }
  for (const u of users)
    if ((u.assignedPlans ?? []).some((p) => p.service?.toLowerCase() === 'exchange'))
      add(u, 'mailbox placement: Exchange Online plan');
  for (const u of users)
    if (u.mail || u.proxyAddresses.some((p) => /^smtp:/i.test(p)))
      add(u, 'mailbox placement: mail-enabled user');
  return [...out.values()].slice(0, max);
}

/** A small deterministic generator (no dependency on Math.random: failures reproduce). */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function randomUsers(r: () => number, n: number): GraphUser[] {
  const pick = (p: number) => r() < p;
  return Array.from({ length: n }, (_, i) => {
    const name = `u${Math.floor(r() * n * 1.2)}`; // some names repeat: several users match a probe
    const upn = pick(0.2) ? `${name}@contoso.onmicrosoft.com` : `${name}@contoso.com`;
    return {
      id: `id-${i}`,
      userPrincipalName: pick(0.1) ? upn.toUpperCase() : upn,
      displayName: name,
      mail: pick(0.5) ? `${name}@contoso.com` : null,
      proxyAddresses: pick(0.4) ? [`SMTP:${name}@contoso.com`] : pick(0.3) ? [`x500:/o=${name}`] : [],
      accountEnabled: true,
      onPremisesSyncEnabled: pick(0.6),
      onPremisesProvisioningErrors: pick(0.03) ? [{ category: 'PropertyConflict' }] : [],
      serviceProvisioningErrors: pick(0.05)
        ? [{ isResolved: pick(0.5), serviceInstance: pick(0.7) ? 'exchange/x' : 'sharepoint/y' }]
        : [],
      assignedPlans: pick(0.3) ? [{ service: pick(0.7) ? 'exchange' : 'SharePoint' }] : [],
    } as unknown as GraphUser;
  });
}

describe('mailbox probe suspects', () => {
  it('page by page, the same suspects in the same order as one pass per kind over every user', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const users = randomUsers(r, 1 + Math.floor(r() * 120));
      const probes: Probes = {};
      if (r() < 0.7) probes.onPremisesMailbox = `u${Math.floor(r() * 100)}@contoso.com`;
      if (r() < 0.7) probes.cloudMailbox = r() < 0.5 ? `U${Math.floor(r() * 100)}@CONTOSO.COM` : 'nobody@x';
      const max = Math.floor(r() * 30);
      const want = reference(users, probes, max);
      expect(pickSuspects(users, probes, max), `seed ${seed}`).toEqual(want);
      const picker = new SuspectPicker(probes, max);
      for (let i = 0; i < users.length; ) {
        const size = 1 + Math.floor(r() * 20);
        picker.add(users.slice(i, i + size));
        i += size;
      }
      expect(picker.suspects(), `seed ${seed}, in pages`).toEqual(want);
    }
  });
});
