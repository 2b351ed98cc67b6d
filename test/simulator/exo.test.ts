import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { loadExoData } from '../../src/simulator/exo/data.ts';
import { issueToken } from '../../src/simulator/graph/token.ts';
import { loadScenario } from '../../src/simulator/scenario.ts';
import { startExoServer } from '../../src/simulator/servers/exo.ts';
import { scenarioLdif } from '../../src/simulator/servers/ldap.ts';
import { TEST_CA_FILE } from '../../src/simulator/tls.ts';

const ca = readFileSync(TEST_CA_FILE, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the simulator, read loosely in tests
type Json = any;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const token = (aud = 'https://outlook.office365.com') =>
  issueToken({ aud, roles: ['Exchange.ManageAsAppV2'], exp: Math.floor(Date.now() / 1000) + 600 });

function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let t = '';
        res.on('data', (c) => (t += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: t ? JSON.parse(t) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const input = (CmdletName: string, Parameters = {}) => ({ CmdletInput: { CmdletName, Parameters } });

describe('Exchange Online simulator', () => {
  it('derives contoso-ready mailboxes from the Graph users: cloud users have one (GUID as in AD), on-prem users none', () => {
    const scenario = loadScenario('contoso-ready');
    const data = loadExoData(scenario, scenarioLdif(scenario))!;
    const rows = Array.from({ length: data.mailboxes.count }, (_, i) => data.mailboxes.at(i));
    expect(rows.map((r) => r.UserPrincipalName)).toEqual(['bob@contoso.com', 'carol@contoso.com']);
    // bob's on-prem remote mailbox: msExchMailboxGuid 3q2+7wAAAAAAAAAAAAAAAg==
    expect(rows[0]!.ExchangeGuid).toBe('efbeadde-0000-0000-0000-000000000002');
    expect(data.cmdlets['Get-OutboundConnector']?.[0]).toMatchObject({ SmartHosts: ['mail.contoso.com'] });
  });

  it('pages with Prefer: odata.maxpagesize and $select, rejects other audiences and non-Get cmdlets', async () => {
    const server = await startExoServer({
      tenants: ['contoso.onmicrosoft.com'],
      mailboxes: { count: 5, at: (i) => ({ PrimarySmtpAddress: `u${i}@contoso.com`, Other: 1 }) },
      cmdlets: {},
      simulation: { forbidden: ['Get-AcceptedDomain'] },
    });
    close = server.close;
    const url = `${server.origin}/adminapi/v2.0/contoso.onmicrosoft.com/Mailbox?$select=PrimarySmtpAddress`;
    const auth = { authorization: `Bearer ${token()}`, prefer: 'odata.maxpagesize=2' };
    const first = await post(url, input('Get-Mailbox'), auth);
    expect(first.status).toBe(200);
    expect(first.body.value).toEqual([
      { PrimarySmtpAddress: 'u0@contoso.com' },
      { PrimarySmtpAddress: 'u1@contoso.com' },
    ]);
    const second = await post(first.body['@odata.nextLink'], input('Get-Mailbox'), auth);
    expect(second.body.value[0].PrimarySmtpAddress).toBe('u2@contoso.com');
    const wrong = await post(url, input('Get-Mailbox'), {
      authorization: `Bearer ${token('https://graph.microsoft.com')}`,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/audience/);
    const write = await post(url, input('Set-Mailbox', { Identity: 'u0' }), auth);
    expect(write.status).toBe(400);
    expect(server.stats.nonGet).toBe(1);
    const denied = await post(
      `${server.origin}/adminapi/v2.0/contoso.onmicrosoft.com/AcceptedDomain`,
      input('Get-AcceptedDomain'),
      auth,
    );
    expect(denied.status).toBe(403);
  });
});
