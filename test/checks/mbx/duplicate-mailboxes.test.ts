import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/duplicate-mailboxes.ts';
import type { AutodV2Probe } from '../../../src/evidence/http.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { exchangePlan, runOn, world } from './data.ts';

describe('mbx.duplicate-mailboxes', () => {
  it('passes when every on-prem mailbox answers 404 in Exchange Online', () => {
    const r = runOn(check, world());
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/2 of 2 on-premises mailboxes have no Exchange Online mailbox/);
  });

  it('fails for dave: an on-prem UserMailbox whose Entra user has an EXO mailbox (200)', () => {
    const w = world();
    w.probe('dave@contoso.com', 'cloud');
    w.graph('dave@contoso.com').assignedPlans = [exchangePlan()];
    const r = runOn(check, w);
    expect(r.status).toBe('fail');
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('dave@contoso.com');
    expect(f?.evidence).toMatchObject({
      primarySmtp: 'dave@contoso.com',
      recipientType: 'UserMailbox',
      cloudMailbox: 'mailboxSettings 200 (userPurpose user)',
      exchangePlans: ['exchange:Enabled'],
    });
    expect(f?.evidence?.homeMDB).toMatch(/^CN=DB01/);
    // alice is still fine
    expect(r.findings.find((x) => x.status === 'pass')?.message).toMatch(/1 of 2/);
  });

  it('edge: names the missing ExchangeGUID as the likely cause', () => {
    const w = world();
    w.probe('alice@contoso.com', 'cloud');
    delete user(w.ldap, 'alice').mailboxGuid;
    const f = runOn(check, w).findings.find((x) => x.status === 'fail');
    expect(f?.message).toMatch(/msExchMailboxGuid is empty/);
    expect(f?.evidence?.msExchMailboxGuid).toBeNull();
  });

  it('edge: a licensed on-prem mailbox the probe budget left out is a warning that says so', () => {
    const w = world();
    w.probe('dave@contoso.com', undefined);
    w.graph('dave@contoso.com').assignedPlans = [exchangePlan()];
    const r = runOn(check, w);
    expect(r.status).toBe('warn');
    const f = r.findings.find((x) => x.status === 'warn');
    expect(f?.target.label).toBe('dave@contoso.com');
    expect(f?.evidence?.note).toMatch(/graph\.maxMailboxProbes/);
  });

  it('edge: an unlicensed on-prem mailbox that was not probed passes, with the coverage note', () => {
    const w = world();
    w.probe('dave@contoso.com', undefined);
    const r = runOn(check, w);
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({ notProbedUnlicensed: ['dave@contoso.com'] });
  });

  it('edge: a probe error is an error finding, not a pass', () => {
    const w = world();
    w.probe('alice@contoso.com', 'error');
    const r = runOn(check, w);
    expect(r.status).toBe('error');
    expect(r.findings.find((x) => x.status === 'error')?.message).toMatch(/503 ServiceUnavailable/);
  });

  it('options.onPremTypes: a linked mailbox (2) is checked only when listed', () => {
    const w = world();
    user(w.ldap, 'dave').msExchRecipientTypeDetails = '2';
    w.probe('dave@contoso.com', 'cloud');
    expect(runOn(check, w).status).toBe('pass');
    expect(runOn(check, w, { onPremTypes: ['1', '2', '4', '16', '32'] }).status).toBe('fail');
  });

  it('edge: Exchange Online AutoDv2 answering its own EWS URL for an unprobed on-prem user is a duplicate', () => {
    const w = world();
    w.probe('alice@contoso.com', undefined);
    const exo = (status: number, url?: string): AutodV2Probe => ({
      endpoint: 'exo',
      host: 'outlook.office365.com',
      user: 'alice@contoso.com',
      userKind: 'onPremises',
      followRedirects: false,
      probe: {
        method: 'GET',
        url: 'https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/alice@contoso.com?Protocol=EWS',
        finalUrl:
          'https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/alice@contoso.com?Protocol=EWS',
        status,
        headers:
          status === 302
            ? { location: ['https://autodiscover.contoso.com/autodiscover/autodiscover.json'] }
            : {},
        redirects: [],
        durationMs: 5,
      },
      ...(url ? { answer: { protocol: 'EWS', url } } : {}),
    });
    const runWith = (a: AutodV2Probe) =>
      runCheck(check, {
        artifacts: {
          'ldap.users': w.ldap['ldap.users'],
          'graph.users': w.users,
          'graph.mailboxProbes': w.probes,
          'http.autodv2': [a],
        },
      });
    const dup = runWith(exo(200, 'https://outlook.office365.com/EWS/Exchange.asmx'));
    expect(dup.status).toBe('fail');
    const f = dup.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('alice@contoso.com');
    expect(f?.evidence?.exoAutodiscoverV2).toEqual({
      status: 200,
      url: 'https://outlook.office365.com/EWS/Exchange.asmx',
    });
    // the healthy answer (302 to on-premises) is no evidence of a duplicate
    expect(runWith(exo(302)).status).toBe('pass');
    // probe says 404 but AutoDv2 says EXO: conflicting, a warning
    w.probe('alice@contoso.com', 'not-in-cloud');
    expect(runWith(exo(200, 'https://outlook.office365.com/EWS/Exchange.asmx')).status).toBe('warn');
  });
});
