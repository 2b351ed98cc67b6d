import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/license-state.ts';
import { cloudOnlyUser, exchangePlan, exoList, readyList, runOn, runWithList, world } from './data.ts';

describe('mbx.license-state', () => {
  it('passes: bob and carol hold an enabled Exchange plan', () => {
    const r = runOn(check, world());
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/2 of 2/);
  });

  it('warns for bob: a cloud user mailbox without an Exchange plan', () => {
    const w = world();
    w.graph('bob@contoso.com').assignedPlans = [];
    const r = runOn(check, w);
    expect(r.status).toBe('warn');
    const f = r.findings.find((x) => x.status === 'warn');
    expect(f?.target.label).toBe('bob@contoso.com');
    expect(f?.message).toMatch(/unlicensed/);
    expect(f?.evidence).toMatchObject({ basis: 'mailboxSettings probe', exchangePlans: [] });
  });

  it('edge: grace period (capabilityStatus Warning) and suspended plans warn with their status', () => {
    const w = world();
    w.graph('bob@contoso.com').assignedPlans = [exchangePlan('Warning')];
    w.graph('carol@contoso.com').assignedPlans = [exchangePlan('Suspended')];
    const r = runOn(check, w);
    expect(r.findings.find((x) => x.target.label === 'bob@contoso.com')?.message).toMatch(/grace period/);
    expect(r.findings.find((x) => x.target.label === 'carol@contoso.com')?.message).toMatch(
      /not enabled \(Suspended\)/,
    );
  });

  it('edge: shared, room and equipment mailboxes need no license', () => {
    const w = world();
    w.users.push(cloudOnlyUser('room1@contoso.com', []));
    w.probe('room1@contoso.com', 'cloud', 'room');
    w.graph('bob@contoso.com').assignedPlans = [];
    w.probe('bob@contoso.com', 'cloud', 'shared');
    expect(runOn(check, w).status).toBe('pass');
  });

  it('edge: a remote user mailbox the probe left out is judged from AD, and says so', () => {
    const w = world();
    w.probe('carol@contoso.com', undefined);
    w.graph('carol@contoso.com').assignedPlans = [];
    const f = runOn(check, w).findings.find((x) => x.status === 'warn');
    expect(f?.target.label).toBe('carol@contoso.com');
    expect(f?.evidence?.basis).toBe('AD recipient type (user not probed)');
  });

  it('options.exchangeServices: another service string counts as Exchange', () => {
    const w = world();
    w.graph('bob@contoso.com').assignedPlans = [{ ...exchangePlan(), service: 'ExchangeOnline' }];
    expect(runOn(check, w).status).toBe('warn');
    expect(runOn(check, w, { exchangeServices: ['exchange', 'ExchangeOnline'] }).status).toBe('pass');
  });
});

// A UserMailbox in Exchange Online needs an Exchange Online plan (assignedPlans,
// https://learn.microsoft.com/graph/api/resources/assignedplan); shared/room/equipment need none.
describe('mbx.license-state on the Exchange Online mailbox list', () => {
  it('warns for an unlicensed UserMailbox the list shows, without probes; skips a SharedMailbox', () => {
    const w = world();
    w.graph('bob@contoso.com').assignedPlans = [];
    w.graph('carol@contoso.com').assignedPlans = [];
    const rows = readyList(w).map((m) =>
      m.primarySmtpAddress === 'carol@contoso.com' ? { ...m, recipientTypeDetails: 'SharedMailbox' } : m,
    );
    const r = runWithList(check, w, exoList(rows));
    expect(r.status).toBe('warn');
    const warned = r.findings.filter((f) => f.status === 'warn');
    expect(warned.map((f) => f.target.label)).toEqual(['bob@contoso.com']);
    expect(warned[0]?.evidence?.basis).toBe('Exchange Online mailbox list');
  });
});
