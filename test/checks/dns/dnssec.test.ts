import { describe, expect, it } from 'vitest';
import check from '../../../checks/dns/dnssec.ts';
import { runCheck } from '../../helpers/check.ts';
import { collectDns, editZone, readyZones } from '../../helpers/dns.ts';

const KEY = 'AwEAAag9Cu1z6ZzH3X2v0vqjbcfwL8Md7t8tBbW2I7s0yJq5N0cJ0yVQ0x1K';
const COM = `$ORIGIN com.\n@ IN SOA a.gtld-servers.net. nstld.verisign-grs.com. ( 1 1800 900 604800 86400 )\ncontoso IN DS 12345 13 2 3A1B2C3D4E5F60718293A4B5C6D7E8F90123456789ABCDEF0123456789ABCDEF\n`;

describe('dns.dnssec', () => {
  it('reports an unsigned domain as info', async () => {
    const { artifacts } = await collectDns();
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toMatch(/is not signed/);
  });

  it('reports a signed, validated domain with DANE TLSA', async () => {
    const zone = editZone(readyZones()['contoso.com']!, { add: [`@ IN DNSKEY 257 3 13 ${KEY}`] });
    const eop = editZone(readyZones()['protection.outlook.com']!, {
      add: [
        '_25._tcp.contoso-com.mail IN TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B566',
      ],
    });
    const { artifacts } = await collectDns({
      zones: { 'contoso.com': zone, com: COM, 'protection.outlook.com': eop },
      authenticatedZones: ['contoso.com'],
    });
    const r = runCheck(check, { artifacts });
    expect(r.status).toBe('info');
    expect(r.findings[0]?.message).toBe(
      'contoso.com is signed (DS and DNSKEY), validated by the resolver (AD); DANE TLSA on contoso-com.mail.protection.outlook.com',
    );
  });

  it('warns when the MX is *.mx.microsoft but the zone is unsigned, and on a DS without DNSKEY', async () => {
    const mx = editZone(readyZones()['contoso.com']!, {
      drop: /IN MX/,
      add: ['@ IN MX 0 contoso-com.p-v1.mx.microsoft.'],
    });
    const dane = await collectDns({ zones: { 'contoso.com': mx } });
    expect(runCheck(check, { artifacts: dane.artifacts }).findings[0]?.message).toMatch(
      /DANE endpoint, but contoso.com is not signed/,
    );
    const broken = await collectDns({ zones: { com: COM } });
    const r = runCheck(check, { artifacts: broken.artifacts });
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/DS at the parent but no DNSKEY/);
  });

  it('is an error when DNSKEY SERVFAILs (a broken signature looks like this)', async () => {
    const { artifacts } = await collectDns({ faults: { servfail: ['contoso.com/DNSKEY'] } });
    expect(runCheck(check, { artifacts }).status).toBe('error');
  });
});
