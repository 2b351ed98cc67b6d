import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedGuid, schemaFor, unavailableReason } from '../integration/samba/fixture.ts';

describe('Samba tier preconditions (why it skips)', () => {
  it('names the missing tools and the package list', () => {
    expect(unavailableReason([], 0)).toMatch(
      /^Samba AD tools not installed \(samba, samba-tool, ldbadd.*\.ci\/apt-samba\.txt/,
    );
  });

  it('needs root once the tools are there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-samba-'));
    try {
      for (const t of ['samba', 'samba-tool', 'ldbadd', 'ldbmodify', 'ldbsearch', 'openssl']) {
        writeFileSync(join(dir, t), '#!/bin/sh\n');
        chmodSync(join(dir, t), 0o755);
      }
      expect(unavailableReason([dir], 1000)).toMatch(/needs root/);
      expect(unavailableReason([dir], 0)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Samba schema extension generated from the scenario LDIF', () => {
  it('creates missing attributes with a syntax from their values and one class per new object class', () => {
    const s = schemaFor(
      [
        {
          dn: 'CN=EX01,CN=Servers',
          attributes: [
            ['objectClass', ['top', 'server', 'msExchExchangeServer']],
            ['msExchCurrentServerRoles', ['16439']],
            ['serialNumber', ['Version 15.2 (Build 2562.17)']],
          ],
        },
        {
          dn: 'CN=alice',
          attributes: [
            ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
            ['msExchRecipientTypeDetails', ['1']],
            ['msExchMailboxGuid', [generatedGuid(1)]],
          ],
        },
      ],
      new Set(['top', 'server', 'user', 'serialnumber']),
      new Map([['user', 'CN=User,CN=Schema']]),
    );
    expect(s.attrLdif).toMatch(/cn: msExchCurrentServerRoles\n[\s\S]*?attributeSyntax: 2\.5\.5\.9/);
    expect(s.attrLdif).toMatch(/cn: msExchRecipientTypeDetails\n[\s\S]*?attributeSyntax: 2\.5\.5\.16/);
    expect(s.attrLdif).toMatch(/cn: msExchMailboxGuid\n[\s\S]*?attributeSyntax: 2\.5\.5\.10/);
    expect(s.attrLdif).not.toMatch(/cn: serialNumber\n/);
    expect(s.classLdifs).toHaveLength(1);
    expect(s.classLdifs[0]).toMatch(/subClassOf: server/);
    expect(s.classLdifs[0]).toMatch(/mayContain: serialNumber/);
    expect(s.modifies[0]).toMatch(
      /^dn: CN=User,CN=Schema\nchangetype: modify\nadd: mayContain\nmayContain: msExchRecipientTypeDetails/,
    );
  });
});
