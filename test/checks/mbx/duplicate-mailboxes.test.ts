import { describe, expect, it } from 'vitest';
import check from '../../../checks/mbx/duplicate-mailboxes.ts';
import type { AutodV2Probe } from '../../../src/evidence/http.ts';
import { guidTextToBase64 } from '../../../src/model/guid.ts';
import { runCheck } from '../../helpers/check.ts';
import { user } from '../../helpers/ldap-artifacts.ts';
import { exchangePlan, exoList, readyList, runOn, runWithList, world } from './data.ts';

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

  it('edge: a licensed on-prem mailbox the probe budget left out is a coverage note, never a finding about it', () => {
    const w = world();
    w.probe('dave@contoso.com', undefined);
    w.graph('dave@contoso.com').assignedPlans = [exchangePlan()];
    const r = runOn(check, w);
    expect(r.status).toBe('info');
    expect(r.findings.map((f) => f.target.label)).not.toContain('dave@contoso.com');
    const f = r.findings.find((x) => x.status === 'info');
    expect(f?.message).toMatch(/hold an Exchange Online plan but were not verified.*graph\.maxMailboxProbes/);
    expect(f?.evidence?.users).toEqual(['dave@contoso.com']);
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

// Duplicates on the Exchange Online mailbox list: a hybrid user has one mailbox; the cloud object
// of an on-premises mailbox is a MailUser whose ExchangeGuid is the on-premises msExchMailboxGuid
// (https://learn.microsoft.com/exchange/hybrid-deployment/hybrid-deployment-prerequisites,
// Set-User -PermanentlyClearPreviousMailboxInfo: techcommunity permanently-clear-previous-mailbox-info/607619).
describe('mbx.duplicate-mailboxes on the Exchange Online mailbox list', () => {
  const GUID_ON = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
  const GUID_CLOUD = '99999999-8888-4777-8666-555555555555';
  it('passes from the list alone: on-premises mailboxes are MailUsers in Exchange Online', () => {
    const w = world();
    const r = runWithList(check, w, exoList(readyList(w)));
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/Exchange Online mailbox list, live: Admin API Get-Mailbox/);
  });
  it('fails for dave (matched through his Entra user): a UserMailbox with another ExchangeGuid than msExchMailboxGuid', () => {
    const w = world();
    user(w.ldap, 'dave').mailboxGuid = guidTextToBase64(GUID_ON);
    const rows = readyList(w).map((m) =>
      m.primarySmtpAddress === 'dave@contoso.com'
        ? {
            ...m,
            externalDirectoryObjectId: undefined,
            recipientTypeDetails: 'UserMailbox',
            exchangeGuid: GUID_CLOUD,
          }
        : m,
    );
    const r = runWithList(check, w, exoList(rows));
    expect(r.status).toBe('fail');
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.target.label).toBe('dave@contoso.com');
    expect(f?.message).toMatch(`ExchangeGuid ${GUID_CLOUD} differs from msExchMailboxGuid ${GUID_ON}`);
    expect(f?.evidence).toMatchObject({ exoMailbox: { matchedBy: 'entra' } });
  });
  it('fails by ExchangeGuid even when the cloud row carries other addresses', () => {
    const w = world();
    user(w.ldap, 'dave').mailboxGuid = guidTextToBase64(GUID_ON);
    const rows = [
      ...readyList(w).filter((m) => m.primarySmtpAddress !== 'dave@contoso.com'),
      {
        primarySmtpAddress: 'd.moved@contoso.com',
        recipientTypeDetails: 'UserMailbox',
        exchangeGuid: GUID_ON,
      },
    ];
    const r = runWithList(check, w, exoList(rows));
    const f = r.findings.find((x) => x.status === 'fail');
    expect(f?.message).toMatch(`same ExchangeGuid ${GUID_ON} on both sides`);
  });
  it('edge: an on-prem user missing from an incomplete list and unprobed is coverage, not a pass or a fail', () => {
    const w = world();
    w.graph('dave@contoso.com').assignedPlans = [exchangePlan()];
    const rows = readyList(w).filter((m) => m.primarySmtpAddress !== 'dave@contoso.com');
    const r = runWithList(check, w, exoList(rows, false));
    expect(r.findings.find((x) => x.status === 'info')?.message).toMatch(/incomplete: paging stopped/);
    expect(r.findings.some((x) => x.status === 'fail')).toBe(false);
  });
});
