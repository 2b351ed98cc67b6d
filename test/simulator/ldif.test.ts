import { describe, expect, it } from 'vitest';
import { applyOverlay, parseLdif } from '../../src/simulator/ldap/ldif.ts';

const BASE = `# a comment
version: 1

dn: CN=A,DC=x
objectClass: user
description: folded
  line
objectGUID:: q2pWyJ3+5UiqoeO2l0VBAQ==
proxyAddresses: SMTP:a@x.com
proxyAddresses: smtp:a@y.com

dn: OU=Gone,DC=x
objectClass: organizationalUnit

dn: CN=Child,OU=Gone,DC=x
objectClass: user
`;

describe('LDIF reader', () => {
  it('reads folded lines, base64 values as bytes, comments and multi-valued attributes', () => {
    const [a] = parseLdif(BASE);
    expect(a?.dn).toBe('CN=A,DC=x');
    const attrs = Object.fromEntries(a!.attributes);
    expect(attrs.description).toEqual(['folded line']);
    expect(Buffer.isBuffer(attrs.objectGUID?.[0])).toBe(true);
    expect(Buffer.from(attrs.objectGUID![0]!).toString('base64')).toBe('q2pWyJ3+5UiqoeO2l0VBAQ==');
    expect(attrs.proxyAddresses).toEqual(['SMTP:a@x.com', 'smtp:a@y.com']);
  });

  it('rejects an attribute before any dn', () => {
    expect(() => parseLdif('cn: x\n')).toThrow(/before any dn/);
  });

  it('applies an overlay: delete a subtree, replace and remove attributes, add an object', () => {
    const overlay = parseLdif(`dn: OU=Gone,DC=x
changetype: delete

dn: CN=A,DC=x
proxyAddresses: SMTP:a@z.com
description:

dn: CN=New,DC=x
objectClass: contact
`);
    const out = applyOverlay(parseLdif(BASE), overlay);
    expect(out.map((e) => e.dn)).toEqual(['CN=A,DC=x', 'CN=New,DC=x']);
    const a = Object.fromEntries(out[0]!.attributes);
    expect(a.proxyAddresses).toEqual(['SMTP:a@z.com']);
    expect(a.description).toBeUndefined();
    expect(a.objectClass).toEqual(['user']);
  });
});
