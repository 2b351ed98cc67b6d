import { describe, expect, it } from 'vitest';
import check from '../../../checks/exch/mailbox-objects-valid.ts';
import { runCheck } from '../../helpers/check.ts';
import { ldapArtifacts, user } from '../../helpers/ldap-artifacts.ts';

const input = (a: ReturnType<typeof ldapArtifacts>) => ({
  artifacts: { 'ldap.users': a['ldap.users'], 'ldap.databases': a['ldap.databases'] },
});

describe('exch.mailbox-objects-valid', () => {
  it('passes when alice and dave have a database and home server', () => {
    const r = runCheck(check, input(ldapArtifacts()));
    expect(r.status).toBe('pass');
    expect(r.findings[0]?.message).toMatch(/^2 of 2/);
  });

  it('warns when homeMDB points to a deleted database', () => {
    const a = ldapArtifacts();
    user(a, 'dave').homeMDB = user(a, 'dave').homeMDB!.replace('CN=DB01', 'CN=DB02');
    const r = runCheck(check, input(a));
    expect(r.status).toBe('warn');
    expect(r.findings[0]?.message).toMatch(/does not exist/);
  });

  it('warns when homeMDB and msExchHomeServerName are empty', () => {
    const a = ldapArtifacts();
    delete user(a, 'alice').homeMDB;
    delete user(a, 'alice').msExchHomeServerName;
    const r = runCheck(check, input(a));
    expect(r.findings[0]?.message).toBe('homeMDB is empty; msExchHomeServerName is empty');
  });

  it('compares DNs case- and space-insensitively (edge)', () => {
    const a = ldapArtifacts();
    user(a, 'dave').homeMDB = user(a, 'dave').homeMDB!.toLowerCase().replace(/,/g, ', ');
    expect(runCheck(check, input(a)).status).toBe('pass');
  });
});
