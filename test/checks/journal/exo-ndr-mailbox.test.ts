import { describe, expect, it } from 'vitest';
import check from '../../../checks/journal/exo-ndr-mailbox.ts';
import type { ExoTransportConfig } from '../../../src/evidence/exo.ts';
import { runCheck } from '../../helpers/check.ts';
import { exoRules, GLOBAL_RULE, ldapArtifacts, SETTINGS } from './fixtures.ts';

const tc = (v?: string): ExoTransportConfig => ({
  file: '/exports/transport-config.json',
  ...(v ? { journalingReportNdrTo: v } : {}),
  raw: v ?? '<>',
});

function run(value: string | undefined) {
  const a = ldapArtifacts();
  return runCheck(check, {
    artifacts: {
      'exo.transportConfig': tc(value),
      'exo.journalRules': exoRules(GLOBAL_RULE),
      'ldap.users': a['ldap.users'],
      'ldap.acceptedDomains': a['ldap.acceptedDomains'],
    },
    settings: SETTINGS,
  });
}

describe('journal.exo-ndr-mailbox', () => {
  it('passes for an on-premises mailbox (dave)', () => {
    const r = run('dave@contoso.com');
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/on-premises mailbox/);
    expect(r.findings[0]?.evidence).toMatchObject({ evidence: 'supplied' });
  });

  it('passes for an external address', () => {
    expect(run('ndr@fabrikam.example').status).toBe('pass');
  });

  it('fails when unset (<>)', () => {
    const r = run(undefined);
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/Not set/);
  });

  it('fails for an Exchange Online mailbox (bob, a remote mailbox)', () => {
    const r = run('bob@contoso.com');
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/Exchange Online mailbox/);
  });

  it('fails when it is the Gateway itself', () => {
    const r = run('journal@gateway.example.net');
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/journal target itself/);
  });

  it('fails for a cloud-only Entra user', () => {
    const r = runCheck(check, {
      artifacts: {
        'exo.transportConfig': tc('ndr@contoso.onmicrosoft.com'),
        'graph.users': [
          {
            id: '1',
            userPrincipalName: 'ndr@contoso.onmicrosoft.com',
            mail: 'ndr@contoso.onmicrosoft.com',
            proxyAddresses: ['SMTP:ndr@contoso.onmicrosoft.com'],
            onPremisesSyncEnabled: null,
          },
        ],
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/cloud-only user/);
  });
});

// JournalingReportNdrTo cannot be an Exchange Online mailbox
// (https://learn.microsoft.com/exchange/security-and-compliance/journaling/configure-journaling);
// with the live mailbox list (Get-Mailbox) that is decided from Exchange Online itself.
describe('journal.exo-ndr-mailbox on live evidence', () => {
  const liveTc = (v: string): ExoTransportConfig => ({
    origin: { via: 'invoke-command', cmdlet: 'Get-TransportConfig' },
    journalingReportNdrTo: v,
    raw: v,
  });
  it('passes for an external address and says "live"', () => {
    const r = runCheck(check, {
      artifacts: { 'exo.transportConfig': liveTc('ndr@example.org') },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.evidence).toMatchObject({
      evidence: 'live',
      source: 'live: InvokeCommand Get-TransportConfig',
    });
  });
  it('fails for an address the Exchange Online mailbox list hosts (cloud-only shared mailbox)', () => {
    const r = runCheck(check, {
      artifacts: {
        'exo.transportConfig': liveTc('ndr@contoso.com'),
        'exo.mailboxes': {
          origin: { via: 'admin-api', cmdlet: 'Get-Mailbox' },
          complete: true,
          mailboxes: [
            {
              primarySmtpAddress: 'journal-ndr@contoso.com',
              recipientTypeDetails: 'SharedMailbox',
              emailAddresses: ['SMTP:journal-ndr@contoso.com', 'smtp:ndr@contoso.com'],
            },
          ],
        },
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('fail');
    expect(r.findings[0]?.message).toMatch(/SharedMailbox journal-ndr@contoso.com/);
  });
  it('edge: a MailUser in the list (an on-premises mailbox seen from the cloud) is not a cloud mailbox', () => {
    const r = runCheck(check, {
      artifacts: {
        'exo.transportConfig': liveTc('ndr@example.org'),
        'exo.mailboxes': {
          origin: { via: 'admin-api', cmdlet: 'Get-Mailbox' },
          complete: true,
          mailboxes: [{ primarySmtpAddress: 'ndr@example.org', recipientTypeDetails: 'MailUser' }],
        },
      },
      settings: SETTINGS,
    });
    expect(r.status).toBe('pass');
  });
});
