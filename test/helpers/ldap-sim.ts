import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Directory } from '../../src/simulator/ldap/directory.ts';
import { parseLdif } from '../../src/simulator/ldap/ldif.ts';
import { type SimAccount, type SimLdapOptions, startLdapServer } from '../../src/simulator/ldap/server.ts';
import { SCENARIOS_DIR } from '../../src/simulator/scenario.ts';
import { TEST_CA_FILE, testServerCredentials } from '../../src/simulator/tls.ts';
import { LdapSession, type LdapSessionOptions } from '../../src/sources/ldap/client.ts';

export const BIND_DN = 'hybridscan@corp.contoso.com';
export const PASSWORD = 'S3cret-for-tests!';
export const TEST_CA = readFileSync(TEST_CA_FILE, 'utf8');
export const DOMAIN = 'DC=corp,DC=contoso,DC=com';

/** contoso-ready's directory plus a 7-member group (for ranged retrieval). */
export function testDirectory(): Directory {
  const entries = parseLdif(readFileSync(`${SCENARIOS_DIR}/contoso-ready/ldap.ldif`, 'utf8'));
  const users = entries.filter((e) => /^CN=[^,]+,OU=(Users|Service),OU=Contoso,/.test(e.dn)).map((e) => e.dn);
  entries.push({
    dn: `CN=Seven,OU=Groups,OU=Contoso,${DOMAIN}`,
    attributes: [
      ['objectClass', ['top', 'group']],
      ['member', [...users, `CN=Ghost,OU=Users,OU=Contoso,${DOMAIN}`]],
    ],
  });
  return new Directory(entries);
}

export async function startSim(over: Partial<SimLdapOptions> = {}, accounts?: SimAccount[]) {
  return startLdapServer({
    directory: testDirectory(),
    mode: 'ldaps',
    tls: testServerCredentials() as { key: Buffer; cert: Buffer },
    accounts: accounts ?? [{ names: [BIND_DN], password: PASSWORD }],
    ...over,
  });
}

export function sessionOptions(url: string, over: Partial<LdapSessionOptions> = {}): LdapSessionOptions {
  return {
    url,
    bindDn: BIND_DN,
    password: PASSWORD,
    startTls: false,
    allowInsecure: false,
    ca: [...rootCertificates, TEST_CA],
    timeoutMs: 5000,
    pageSize: 1000,
    ...over,
  };
}

export function openSession(url: string, over: Partial<LdapSessionOptions> = {}) {
  return LdapSession.open(sessionOptions(url, over));
}
