import Table from 'cli-table3';
import type { Config } from '../config/schema.ts';
import { checkKnownAsOf } from '../engine/knowledge.ts';
import type { RegisteredCheck } from '../engine/registry.ts';
import { toRemediation } from '../engine/remediation.ts';
import { normalizeSetting } from '../engine/runner.ts';
import { AREAS } from '../engine/types.ts';
import { GRAPH_APP_ID, GRAPH_PERMISSION_IDS } from '../model/graph-permissions.ts';
import { ACCESS_KINDS } from '../sources/access.ts';
import { EXO_GRANT_STEPS } from '../sources/exo/permissions.ts';
import { permissionsFor } from '../sources/permissions.ts';
import { termSafe } from '../util/escape.ts';
import { truncate, visibleWidth, wrap } from '../util/width.ts';
import { TOOL_VERSION } from '../version.ts';
import { renderAppScript, type ScriptShell } from './app-script.ts';

export function renderChecks(checks: readonly RegisteredCheck[], json: boolean, columns = 80): string {
  if (json) {
    const list = checks.map((c) => ({
      id: c.id,
      area: c.area,
      severity: c.severity,
      title: c.title,
      failureTitle: c.failureTitle,
      description: c.description,
      remediation: toRemediation(c.remediation),
      docs: c.docs,
      requires: c.requires,
      optional: c.optional ?? [],
      permissions: permissionsFor(c),
      confidence: c.confidence,
      origin: c.origin,
      ...(c.knowledge ? { knowledge: c.knowledge, knownAsOf: checkKnownAsOf(c) } : {}),
    }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  const table = new Table({
    head: ['Id', 'Area', 'Severity', 'Title', 'Needs'],
    style: { head: [], border: [] },
  });
  for (const c of checks) table.push([c.id, AREAS[c.area], c.severity, c.title, c.requires.join('\n')]);
  const wide = table.toString();
  const footer = `${checks.length} checks; \`hybridscan explain ID\` describes one\n`;
  if (wide.split('\n').every((l) => visibleWidth(l) <= columns)) return `${wide}\n${footer}`;
  // Narrower than the table: one line per check, the title cut to what is left of the line.
  const idWidth = Math.max(...checks.map((c) => c.id.length), 2);
  const areaWidth = Math.max(...checks.map((c) => c.area.length), 4);
  const lines = [
    `${'ID'.padEnd(idWidth)}  ${'AREA'.padEnd(areaWidth)}  SEV   TITLE`,
    ...checks.map(
      (c) =>
        `${c.id.padEnd(idWidth)}  ${c.area.padEnd(areaWidth)}  ${c.severity.padEnd(4)}  ${oneLine(c.title)}`,
    ),
  ];
  return `${lines.map((l) => truncate(l, columns)).join('\n')}\n${wrap(footer.trimEnd(), columns).join('\n')}\n`;
}

function oneLine(text: string): string {
  return termSafe(text.replace(/\s+/g, ' ').trim());
}

/** Union of the permissions the enabled checks need (derived from the artifacts they read), per kind. */
function neededPermissions(checks: readonly RegisteredCheck[], config?: Config) {
  const enabled = checks.filter((c) => normalizeSetting(config?.checks[c.id]).severity !== 'off');
  const out = {
    graph: new Map<string, string[]>(),
    exchangeOnline: new Map<string, string[]>(),
    ldap: new Map<string, string[]>(),
    network: new Map<string, string[]>(),
    files: new Map<string, string[]>(),
  };
  for (const c of enabled) {
    const needs = permissionsFor(c);
    for (const kind of ACCESS_KINDS) {
      for (const p of needs[kind]) out[kind].set(p, [...(out[kind].get(p) ?? []), c.id]);
    }
  }
  return { ...out, ldap: groupLdap(out.ldap) };
}

const PARTITION_READ = /^read the (configuration|domain|schema) partition\b/;
const PART_OF_PARTITION = /^read (.+) in the (configuration|domain|schema) partition$/;

/**
 * LDAP rights grouped per partition: reading one container or attribute of the configuration
 * partition is part of reading that partition, so those lines become its "including" list (and
 * "CN=Transport Settings" disappears beside "CN=Transport Settings (msExchTransportRuleXml)").
 */
function groupLdap(lines: Map<string, string[]>): Map<string, string[]> {
  const base = (partition: string) =>
    [...lines.keys()].find((l) => PARTITION_READ.exec(l)?.[1] === partition) ??
    `read the ${partition} partition`;
  const merged = new Map<string, { ids: Set<string>; parts: string[] }>();
  const entry = (line: string) => {
    if (!merged.has(line)) merged.set(line, { ids: new Set(), parts: [] });
    return merged.get(line)!;
  };
  for (const [line, ids] of lines) {
    const part = PART_OF_PARTITION.exec(line);
    const e = entry(part ? base(part[2]!) : line);
    for (const id of ids) e.ids.add(id);
    if (part) e.parts.push(part[1]!);
  }
  const out = new Map<string, string[]>();
  for (const [line, { ids, parts }] of merged) {
    const kept = parts.filter((p) => !parts.some((q) => q !== p && q.startsWith(p)));
    out.set(
      kept.length ? `${line}, including ${[...new Set(kept)].sort().join(' and ')}` : line,
      [...ids].sort(),
    );
  }
  return out;
}

/** `permissions --script`: one script that creates the scan app with exactly what the enabled checks need. */
export function renderPermissionsScript(
  checks: readonly RegisteredCheck[],
  config: Config | undefined,
  shell: ScriptShell,
): string {
  const needed = neededPermissions(checks, config);
  return renderAppScript(shell, {
    tenant: config?.tenant,
    graph: new Map([...needed.graph].sort(([a], [b]) => a.localeCompare(b))),
    exchangeOnline: [...needed.exchangeOnline.keys()]
      .map((l) => l.split(' ')[0]!)
      .filter((c) => /^Get-/.test(c))
      .sort(),
    invokeCommand: config?.exchangeOnline?.invokeCommand === true,
    ldap: needed.ldap.size > 0,
    version: TOOL_VERSION,
  });
}

export function renderPermissions(
  checks: readonly RegisteredCheck[],
  config: Config | undefined,
  json: boolean,
  context: { source?: string; unset?: readonly string[] } = {},
): string {
  const needed = neededPermissions(checks, config);
  // Only a GUID goes into a shell command; anything else stays a placeholder (config strings are data).
  const clientId = config?.graph?.clientId;
  // The template's all-zero placeholder is not an app: keep <APP_ID> rather than a command that fails.
  const appId = clientId && GUID.test(clientId) && !NIL_GUID.test(clientId) ? clientId : undefined;
  const graphNames = [...needed.graph.keys()].sort();
  if (json) {
    const toList = (m: Map<string, string[]>) =>
      [...m].map(([permission, usedBy]) => ({ permission, usedBy }));
    const graph = graphNames.map((permission) => ({
      permission,
      id: GRAPH_PERMISSION_IDS[permission] ?? null,
      resourceAppId: GRAPH_APP_ID,
      type: 'Role',
      usedBy: needed.graph.get(permission) ?? [],
    }));
    return `${JSON.stringify(
      {
        graph,
        exchangeOnline: toList(needed.exchangeOnline),
        ldap: toList(needed.ldap),
        network: toList(needed.network),
        files: toList(needed.files),
        grant: {
          azureCli: azureCliCommands(graphNames, appId),
          powershell: powershellCommands(graphNames, appId),
          ...(needed.exchangeOnline.size > 0 ? { exchangeOnline: exoGrantSteps(appId) } : {}),
        },
      },
      null,
      2,
    )}\n`;
  }
  const lines: string[] = [];
  if (context.source)
    lines.push(
      `For the checks enabled in ${context.source}${context.unset?.length ? ` (not set yet, needed by scan only: ${context.unset.join(', ')})` : ''}:`,
      '',
    );
  const section = (title: string, m: Map<string, string[]>, withId = false) => {
    lines.push(title);
    if (m.size === 0) lines.push('  (none)');
    for (const [p, ids] of [...m].sort()) {
      const id = withId
        ? (GRAPH_PERMISSION_IDS[p] ?? '(id: look up in the Microsoft Graph permissions reference)')
        : '';
      lines.push(`  ${p}${id ? `  ${id}` : ''}\n      used by: ${ids.join(', ')}`);
    }
    lines.push('');
  };
  section('Microsoft Graph application permissions (read-only; name and app role id):', needed.graph, true);
  section(
    'Exchange Online (read live through the Admin API or InvokeCommand, else from exported cmdlet output):',
    needed.exchangeOnline,
  );
  section('On-premises Active Directory (LDAP bind account):', needed.ldap);
  section('Network access from the scanning host:', needed.network);
  section('Files an administrator supplies:', needed.files);
  lines.push(
    'No scan app yet? `hybridscan permissions --script > hybridscan-app.sh` (or `--shell pwsh > hybridscan-app.ps1`)',
    'prints one script that creates it with exactly these permissions, grants admin consent and prints',
    'the values for hybridscan.yaml (about 2 minutes).',
    '',
  );
  if (needed.ldap.size > 0)
    lines.push(
      'On-premises AD needs no app: a plain domain user (no admin rights) as ldap.bindDn reads all of it.',
      '',
    );
  if (graphNames.length > 0) {
    lines.push(
      `An existing app: grant them to the scan app${appId ? ` ${appId}` : ' (replace <APP_ID> with its Application (client) ID)'}; an administrator runs ONE of:`,
      '',
      '  # Azure CLI',
      ...azureCliCommands(graphNames, appId).map((l) => `  ${l}`),
      '',
      '  # Microsoft Graph PowerShell',
      ...powershellCommands(graphNames, appId).map((l) => `  ${l}`),
      '',
    );
  }
  if (needed.exchangeOnline.size > 0)
    lines.push(...exoGrantLines(appId, config?.exchangeOnline?.invokeCommand === true));
  return lines.join('\n');
}

/** The exo source's grant steps with the scan app's id filled in (when the config names one). */
function exoGrantSteps(appId: string | undefined) {
  const fill = (steps: typeof EXO_GRANT_STEPS.adminApi) =>
    steps.map((s) => ({ ...s, command: appId ? s.command.replaceAll('<appId>', appId) : s.command }));
  return { adminApi: fill(EXO_GRANT_STEPS.adminApi), invokeCommand: fill(EXO_GRANT_STEPS.invokeCommand) };
}

function exoGrantLines(appId: string | undefined, invokeCommand: boolean): string[] {
  const steps = exoGrantSteps(appId);
  const block = (list: typeof steps.adminApi) =>
    list.flatMap((s, i) => [
      ...(i === 0 || list[i - 1]!.shell !== s.shell
        ? [s.shell === 'azure-cli' ? '  # Azure CLI' : '  # Exchange Online PowerShell']
        : []),
      `  ${s.command}   # ${s.what}`,
    ]);
  return [
    `Exchange Online, read live: grant the scan app${appId ? ` ${appId}` : ' (<appId>: its Application (client) ID)'} the Admin API permission and view-only roles`,
    '(<spObjectId>: its service principal object id, `az ad sp show --id <appId> --query id -o tsv`):',
    '',
    ...block(steps.adminApi),
    '',
    invokeCommand
      ? 'exchangeOnline.invokeCommand is on: InvokeCommand also needs'
      : 'Only with exchangeOnline.invokeCommand: true (journal rules, connectors, EWS settings live):',
    '',
    ...block(steps.invokeCommand),
    '',
  ];
}

const NIL_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** az commands: add the permissions (by id) to the app registration, then grant admin consent. */
export function azureCliCommands(names: readonly string[], appId?: string): string[] {
  const known = names.filter((n) => GRAPH_PERMISSION_IDS[n]);
  const unknown = names.filter((n) => !GRAPH_PERMISSION_IDS[n]);
  const id = appId ?? '<APP_ID>';
  return [
    ...(unknown.length > 0 ? [`# add by hand (id unknown to hybridscan): ${unknown.join(', ')}`] : []),
    `az ad app permission add --id ${id} --api ${GRAPH_APP_ID} --api-permissions ${known.map((n) => `${GRAPH_PERMISSION_IDS[n]}=Role`).join(' ')}`,
    `az ad sp show --id ${id} >/dev/null 2>&1 || az ad sp create --id ${id}`,
    `az ad app permission admin-consent --id ${id}`,
  ];
}

/** Microsoft Graph PowerShell: assign the app roles (admin consent) to the app's service principal, by name. */
export function powershellCommands(names: readonly string[], appId?: string): string[] {
  const list = names.map((n) => `'${n}'`).join(', ');
  return [
    "Connect-MgGraph -Scopes 'Application.Read.All','AppRoleAssignment.ReadWrite.All'",
    `$sp = Get-MgServicePrincipal -Filter "appId eq '${appId ?? '<APP_ID>'}'"`,
    `$graph = Get-MgServicePrincipal -Filter "appId eq '${GRAPH_APP_ID}'"`,
    `foreach ($name in @(${list})) {`,
    "  $role = $graph.AppRoles | Where-Object { $_.Value -eq $name -and $_.AllowedMemberTypes -contains 'Application' }",
    '  New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graph.Id -AppRoleId $role.Id',
    '}',
  ];
}
