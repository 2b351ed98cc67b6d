import { describe, expect, it } from 'vitest';
import { azureCliCommands, powershellCommands, renderPermissions } from '../../src/cli/listing.ts';
import { main } from '../../src/cli/main.ts';
import { parseConfig } from '../../src/config/load.ts';
import { loadChecks } from '../../src/engine/registry.ts';
import { memoryIo } from '../helpers/io.ts';

describe('hybridscan permissions', () => {
  it('lists Graph permission names and ids with the checks that need them, and grant commands', async () => {
    const io = memoryIo();
    const code = await main(['node', 'hybridscan', 'permissions', '--json'], io);
    expect(code).toBe(0);
    const out = JSON.parse(io.out());
    const byName = Object.fromEntries(out.graph.map((g: { permission: string }) => [g.permission, g]));
    expect(byName['Organization.Read.All']).toMatchObject({
      id: '498476ce-e0fe-48b0-b801-37ba7e2685c6',
      type: 'Role',
    });
    expect(byName['Application.Read.All'].usedBy).toContain('app.admin-consent');
    expect(byName['MailboxSettings.Read'].id).toBe('40f97065-3a51-4d2b-a4d7-a02e4b5cb0a0');
    expect(out.grant.azureCli[0]).toContain('498476ce-e0fe-48b0-b801-37ba7e2685c6=Role');
    expect(out.grant.powershell.join('\n')).toContain('New-MgServicePrincipalAppRoleAssignment');
  });

  it('uses the configured client id in the commands, and only checks that are not off', async () => {
    const checks = await loadChecks();
    const { config } = parseConfig(
      {
        tenant: 'contoso.onmicrosoft.com',
        graph: { clientId: '4a5b6c7d-1111-4e2f-8a9b-0c1d2e3f4a5b' },
        checks: {
          'sync.provisioning-errors': 'off',
          // the mailbox placement checks read the mailboxSettings probes too
          'mbx.inventory': 'off',
          'mbx.duplicate-mailboxes': 'off',
          'mbx.orphan-remote-mailboxes': 'off',
          'mbx.cloud-only-in-hybrid': 'off',
          'mbx.license-state': 'off',
        },
      },
      'test',
      process.cwd(),
      {},
    );
    const text = renderPermissions(checks, config, false);
    expect(text).toContain('az ad app permission admin-consent --id 4a5b6c7d-1111-4e2f-8a9b-0c1d2e3f4a5b');
    expect(text).not.toContain('MailboxSettings.Read');
  });

  it('edge: a non-GUID client id never reaches a shell command', async () => {
    const { config } = parseConfig({ graph: { clientId: "x'; rm -rf / #" } }, 'test', process.cwd(), {});
    const text = renderPermissions(await loadChecks(), config, false);
    expect(text).not.toContain('rm -rf');
    expect(text).toContain('--id <APP_ID>');
    expect(azureCliCommands(['User.Read.All'], undefined).join('\n')).toContain('<APP_ID>');
    expect(powershellCommands(['User.Read.All'])[1]).toContain("'<APP_ID>'");
    expect(azureCliCommands(['Some.Unknown'], undefined)[0]).toMatch(/add by hand.*Some.Unknown/);
  });
});
