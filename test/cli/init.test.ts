import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { CONFIG_TEMPLATE } from '../../src/cli/template.ts';
import { loadConfigFile } from '../../src/config/load.ts';
import { memoryIo } from '../helpers/io.ts';
import { ttyIo } from '../helpers/tty.ts';

const APP = '9b2e1c3d-4f5a-4b6c-8d7e-0f1a2b3c4d5e';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'hybridscan-init-'));
}

describe('hybridscan init', () => {
  it('on a terminal asks for tenant, DC, MailStore app id and Gateway, re-asks bad answers, writes a valid config', async () => {
    const cwd = dir();
    const io = ttyIo(
      [
        'not a tenant',
        'Fabrikam.onmicrosoft.com',
        'ldap://dc01.corp.fabrikam.com',
        'dc01.corp.fabrikam.com',
        '12345',
        APP,
        '',
      ],
      cwd,
    );
    const code = await main(['node', 'hybridscan', 'init'], io);
    expect(code, io.err()).toBe(0);
    expect(io.out()).toContain('expected a domain such as contoso.onmicrosoft.com or a tenant id');
    expect(io.out()).toContain('use LDAPS');
    expect(io.out()).toContain('expected a GUID');
    const text = readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8');
    const yaml = parse(text);
    expect(yaml.tenant).toBe('fabrikam.onmicrosoft.com');
    expect(yaml.ldap).toMatchObject({
      url: 'ldaps://dc01.corp.fabrikam.com',
      bindDn: 'svc-hybridscan@corp.fabrikam.com',
    });
    expect(yaml.mailstore).toEqual({ appId: APP });
    expect(yaml.domains).toBeUndefined();
    expect(text).toContain('# caFile: corp-ca.pem');
    expect(io.err()).toContain('hybridscan permissions --script');
    const loaded = loadConfigFile(join(cwd, 'hybridscan.yaml'), {
      HYBRIDSCAN_CLIENT_SECRET: 's',
      HYBRIDSCAN_LDAP_PASSWORD: 'p',
    });
    expect(loaded.config.ldap?.url).toBe('ldaps://dc01.corp.fabrikam.com');
  });

  it('flags answer without asking; a tenant id and a port are kept', async () => {
    const cwd = dir();
    const io = memoryIo({}, cwd);
    const tenant = '8B1F0E2C-1D1E-4C52-9D0F-3F6A0C0E7A11';
    const code = await main(
      [
        'node',
        'hybridscan',
        'init',
        '--tenant',
        tenant,
        '--dc',
        'dc01.corp.contoso.com:3269',
        '--app-id',
        APP,
        '--gateway',
        'journal@gw.example.net',
      ],
      io,
    );
    expect(code, io.err()).toBe(0);
    expect(io.out()).toBe('');
    const yaml = parse(readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8'));
    expect(yaml).toMatchObject({
      tenant: tenant.toLowerCase(),
      ldap: { url: 'ldaps://dc01.corp.contoso.com:3269' },
      mailstore: { appId: APP, gatewayAddress: 'journal@gw.example.net' },
    });
  });

  it('without a terminal and flags writes the template as before', async () => {
    const cwd = dir();
    expect(await main(['node', 'hybridscan', 'init'], memoryIo({}, cwd))).toBe(0);
    expect(readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    const io = memoryIo({}, cwd);
    expect(
      await main(['node', 'hybridscan', 'init', '--out', '-', '--tenant', 'contoso.onmicrosoft.com'], io),
    ).toBe(0);
    expect(parse(io.out()).tenant).toBe('contoso.onmicrosoft.com');
  });

  it('edge: never overwrites without --force, refuses bad flags, and stops when input ends', async () => {
    const cwd = dir();
    writeFileSync(join(cwd, 'hybridscan.yaml'), 'tenant: keep.onmicrosoft.com\n');
    const io = ttyIo([], cwd);
    expect(await main(['node', 'hybridscan', 'init'], io)).toBe(2);
    expect(io.out()).toBe(''); // refused before asking anything
    expect(readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8')).toBe('tenant: keep.onmicrosoft.com\n');
    const bad = memoryIo({}, cwd);
    expect(await main(['node', 'hybridscan', 'init', '--force', '--app-id', "x'; rm -rf /"], bad)).toBe(2);
    expect(bad.err()).toMatch(/--app-id .*expected a GUID/);
    const ended = ttyIo(['contoso.onmicrosoft.com'], cwd);
    expect(await main(['node', 'hybridscan', 'init', '--force'], ended)).toBe(2);
    expect(ended.err()).toMatch(/input ended/);
    expect(readFileSync(join(cwd, 'hybridscan.yaml'), 'utf8')).toBe('tenant: keep.onmicrosoft.com\n');
  });
});
