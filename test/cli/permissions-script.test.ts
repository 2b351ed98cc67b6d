import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bashQuote, pwshQuote } from '../../src/cli/app-script.ts';
import { main } from '../../src/cli/main.ts';
import { CONFIG_TEMPLATE } from '../../src/cli/template.ts';
import { GRAPH_PERMISSION_IDS } from '../../src/model/graph-permissions.ts';
import { EXO_GRANT_STEPS, EXO_VIEW_ONLY_ROLES, GLOBAL_READER } from '../../src/sources/exo/permissions.ts';
import { memoryIo } from '../helpers/io.ts';

const INVOKE_ON = CONFIG_TEMPLATE.replace(
  '# exchangeOnline:\n#   exportDir: ./exo-export      # fallback for what live does not read\n#   live: true                   # default: true when graph has clientSecret or certificate\n#   invokeCommand: false',
  'exchangeOnline:\n#   exportDir: ./exo-export\n#   live: true\n  invokeCommand: true',
);
const SCAN_APP = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';

const HOSTILE = ["x'; rm -rf / #", '$(id)', '`id`', 'a"b\\c', 'it\u2019s', 'new\nline; id'];

function workdir(config = CONFIG_TEMPLATE): string {
  const dir = mkdtempSync(join(tmpdir(), 'hybridscan-perm-'));
  writeFileSync(join(dir, 'hybridscan.yaml'), config);
  return dir;
}

async function run(dir: string, ...args: string[]) {
  const io = memoryIo({}, dir);
  const code = await main(['node', 'hybridscan', 'permissions', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** A fake `az` that answers like the real one and logs its arguments, one call per line. */
function fakeAz(dir: string): string {
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(
    join(bin, 'az'),
    `#!/bin/sh
printf '%s\\n' "$*" >> "${dir}/az.log"
case "$*" in
  "ad app create"*) echo 11111111-2222-4333-8444-555555555555 ;;
  "ad sp create"*) echo 99999999-8888-4777-8666-555555555555 ;;
  "ad sp show"*) echo dc50a0fb-09a3-484d-be87-e023b12c6440 ;;
  "ad app credential reset"*) echo 'S3cr3t~with$special' ;;
  "account show --query tenantId"*) echo 8b1f0e2c-1d1e-4c52-9d0f-3f6a0c0e7a11 ;;
esac
exit 0
`,
  );
  chmodSync(join(bin, 'az'), 0o755);
  return bin;
}

describe('hybridscan permissions (config, secrets, LDAP lines)', () => {
  it('reads ./hybridscan.yaml by default and needs no secret in the environment', async () => {
    const dir = workdir(
      CONFIG_TEMPLATE.replace('# checks:\n#   dns.dmarc: warn', 'checks:\n  mbx.inventory: off'),
    );
    const { code, out, err } = await run(dir);
    expect(code, err).toBe(0);
    expect(out).toContain('For the checks enabled in hybridscan.yaml');
    expect(out).toContain('not set yet, needed by scan only: HYBRIDSCAN_CLIENT_SECRET');
    expect(out).not.toMatch(/used by:.*mbx\.inventory/);
    expect(out).toContain('hybridscan permissions --script');
    expect(out).toMatch(/plain domain user/);
  });

  it('groups the LDAP lines per partition: no line repeats another one', async () => {
    const { out } = await run(workdir());
    const ldap = out.slice(out.indexOf('On-premises Active Directory'), out.indexOf('Network access'));
    const lines = ldap.split('\n').filter((l) => /^ {2}\S/.test(l));
    expect(lines.filter((l) => l.includes('configuration partition'))).toHaveLength(1);
    expect(ldap).toContain('including CN=Transport Settings (msExchTransportRuleXml) and msExchPrivateMDB');
    expect(ldap).not.toMatch(/CN=Transport Settings in the configuration/);
  });

  it('edge: a config with a secret written into it is still refused (exit 2)', async () => {
    const dir = workdir(CONFIG_TEMPLATE.replace('${HYBRIDSCAN_CLIENT_SECRET}', 'hunter2'));
    const { code, err } = await run(dir);
    expect(code).toBe(2);
    expect(err).not.toContain('hunter2');
  });
});

describe('hybridscan permissions --script', () => {
  it('azure-cli: creates the app, adds each needed Graph permission, consents, and prints the config values', async () => {
    const dir = workdir();
    const { code, out } = await run(dir, '--script', '--shell', 'azure-cli');
    expect(code).toBe(0);
    const json = JSON.parse((await run(dir, '--json')).out) as { graph: { permission: string }[] };
    for (const { permission } of json.graph)
      expect(out).toContain(`${GRAPH_PERMISSION_IDS[permission]}=Role`);
    expect(out).not.toContain(`${GRAPH_PERMISSION_IDS['Mail.Read']}`);
    expect(out).not.toMatch(/ReadWrite/);
    expect(out).toMatch(/az ad app create .*AzureADMyOrg/);
    expect(out).toContain('az ad app permission admin-consent --id "$APP_ID"');
    expect(out).toContain('Exchange.ManageAsAppV2');
    expect(out).toContain("-Role 'View-Only Configuration'");
    // It runs: with a fake az it prints the values for the config and touches nothing else.
    const bin = fakeAz(dir);
    writeFileSync(join(dir, 'app.sh'), out);
    const printed = execFileSync('bash', [join(dir, 'app.sh')], {
      env: { PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(printed).toContain('tenant: contoso.onmicrosoft.com');
    expect(printed).toContain('clientId: 11111111-2222-4333-8444-555555555555');
    expect(printed).toContain('clientSecret: ${HYBRIDSCAN_CLIENT_SECRET}');
    expect(printed).toContain('export HYBRIDSCAN_CLIENT_SECRET=S3cr3t~with\\$special');
    const calls = readFileSync(join(dir, 'az.log'), 'utf8');
    expect(calls).toMatch(/^ad app permission admin-consent --id 11111111/m);
    expect(calls).not.toMatch(/delete|role assignment create|ad user/);
  });

  it('pwsh: the same permissions as app role assignments, Exchange Online RBAC, and the config values', async () => {
    const { out } = await run(workdir(), '--script', '--shell', 'pwsh');
    for (const id of ['498476ce-e0fe-48b0-b801-37ba7e2685c6', 'df021288-bdef-4463-88db-98f22de89214'])
      expect(out).toContain(`'${id}'`);
    expect(out).toContain('New-MgApplication -DisplayName $AppName');
    expect(out).toContain('New-MgServicePrincipalAppRoleAssignment');
    expect(out).toContain('Add-MgApplicationPassword');
    expect(out).toContain('New-ServicePrincipal -AppId $app.AppId -ObjectId $sp.Id');
    expect(out).toContain("New-ManagementRoleAssignment -App $app.AppId -Role 'View-Only Configuration'");
    expect(out).toContain("Write-Host '  clientSecret: ${HYBRIDSCAN_CLIENT_SECRET}'");
  });

  it('edge: hostile tenant strings are quoted for each shell and never run', async () => {
    for (const tenant of HOSTILE) {
      const dir = workdir(
        CONFIG_TEMPLATE.replace('tenant: contoso.onmicrosoft.com', `tenant: ${JSON.stringify(tenant)}`),
      );
      const bash = (await run(dir, '--script', '--shell', 'azure-cli')).out;
      expect(bash).toContain(`TENANT=${bashQuote(tenant)}\n`);
      const pwsh = (await run(dir, '--script', '--shell', 'pwsh')).out;
      expect(pwsh).toContain(`$Tenant = ${pwshQuote(tenant)}\n`);
      const bin = fakeAz(dir);
      writeFileSync(join(dir, 'app.sh'), bash.replace('rm -rf', 'touch pwned-rm'));
      const printed = execFileSync('bash', [join(dir, 'app.sh')], {
        cwd: dir,
        env: { PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      });
      expect(existsSync(join(dir, 'pwned-rm'))).toBe(false);
      expect(printed).not.toMatch(/uid=\d+/);
      expect(printed).toContain(`tenant: ${tenant.replace('rm -rf', 'touch pwned-rm')}`);
    }
    expect(pwshQuote("a'b\u2019c")).toBe("'a''b\u2019\u2019c'");
    expect(bashQuote("a'b")).toBe("'a'\\''b'");
  });
});

describe('the Exchange Online grant: one set of steps, from the exo source', () => {
  it("permissions prints the exo source's grant steps with the scan app id filled in", async () => {
    const dir = workdir(
      CONFIG_TEMPLATE.replace('clientId: 00000000-0000-0000-0000-000000000000', `clientId: ${SCAN_APP}`),
    );
    const { code, out } = await run(dir);
    expect(code).toBe(0);
    for (const step of [...EXO_GRANT_STEPS.adminApi, ...EXO_GRANT_STEPS.invokeCommand])
      expect(out).toContain(step.command.replaceAll('<appId>', SCAN_APP));
    expect(out).toContain('Only with exchangeOnline.invokeCommand: true');
    const json = JSON.parse((await run(dir, '--json')).out) as {
      grant: { exchangeOnline: { adminApi: { command: string }[] } };
    };
    expect(json.grant.exchangeOnline.adminApi.map((s) => s.command).join('\n')).toContain(
      `New-ManagementRoleAssignment -App ${SCAN_APP} -Role "${EXO_VIEW_ONLY_ROLES[0]}"`,
    );
  });

  it('--script assigns every view-only role the grant steps name, and no Global Reader without invokeCommand', async () => {
    const dir = workdir();
    for (const shell of ['azure-cli', 'pwsh']) {
      const { out } = await run(dir, '--script', '--shell', shell);
      for (const role of EXO_VIEW_ONLY_ROLES) expect(out).toContain(`-Role '${role}'`);
      expect(out).toContain('Exchange.ManageAsAppV2');
      expect(out).not.toContain("'Exchange.ManageAsApp'");
      expect(out).not.toContain(GLOBAL_READER.roleDefinitionId);
    }
  });

  it('invokeCommand on: azure-cli adds Exchange.ManageAsApp and assigns Global Reader to the new service principal', async () => {
    const dir = workdir(INVOKE_ON);
    const { code, out } = await run(dir, '--script', '--shell', 'azure-cli');
    expect(code).toBe(0);
    expect(out).toContain("appRoles[?value=='Exchange.ManageAsApp'].id");
    const bin = fakeAz(dir);
    writeFileSync(join(dir, 'app.sh'), out);
    execFileSync('bash', [join(dir, 'app.sh')], {
      env: { PATH: `${bin}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    const calls = readFileSync(join(dir, 'az.log'), 'utf8').split('\n');
    const assign = calls.find((c) => c.startsWith('rest --method POST'));
    expect(assign).toContain('/roleManagement/directory/roleAssignments');
    const body = JSON.parse(assign!.slice(assign!.indexOf('--body ') + 7).replace(/ >.*$/, '')) as Record<
      string,
      string
    >;
    expect(body).toEqual({
      principalId: '99999999-8888-4777-8666-555555555555',
      roleDefinitionId: GLOBAL_READER.roleDefinitionId,
      directoryScopeId: '/',
    });
    // Granted after admin consent, so the role lands on a service principal that already exists.
    expect(calls.findIndex((c) => c.startsWith('ad app permission admin-consent'))).toBeLessThan(
      calls.indexOf(assign!),
    );
    expect(
      calls.filter(
        (c) => c.startsWith('ad app permission add') && c.includes('00000002-0000-0ff1-ce00-000000000000'),
      ),
    ).toHaveLength(2);
  });

  it('invokeCommand on: pwsh consents to both Exchange Online permissions and assigns Global Reader', async () => {
    const { out } = await run(workdir(INVOKE_ON), '--script', '--shell', 'pwsh');
    expect(out).toContain("'Exchange.ManageAsAppV2', 'Exchange.ManageAsApp'");
    expect(out).toContain(
      `New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $sp.Id -RoleDefinitionId '${GLOBAL_READER.roleDefinitionId}'`,
    );
    expect(out).toContain("'RoleManagement.ReadWrite.Directory'");
    expect(out).toContain('Microsoft.Graph.Identity.Governance');
  });
});

it("edge: the template's all-zero client id is a placeholder, not an app id to grant to", async () => {
  const { out } = await run(workdir());
  expect(out).not.toContain('--id 00000000-0000-0000-0000-000000000000');
  expect(out).toContain('New-ManagementRoleAssignment -App <appId> -Role');
});
