import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinChecks } from '../../src/engine/registry.ts';
import { ACCESS_KINDS } from '../../src/sources/access.ts';
import { ARTIFACT_ACCESS, permissionsFor } from '../../src/sources/permissions.ts';
import { loadCollectors } from '../../src/sources/registry.ts';

type Kind = (typeof ACCESS_KINDS)[number];

/**
 * Wordings checks used to declare that the sources' tables now state once, in one form (and the
 * EXO export files, declared as "network: none", are now `files` and `exchangeOnline` needs).
 * Everything not listed here must appear verbatim in the derived permissions.
 */
const REWORDED: Record<string, { kind: Kind; text: string }[]> = {
  'ldap:read configuration partition': [
    { kind: 'ldap', text: 'read the configuration partition (any domain user)' },
  ],
  'ldap:read the configuration partition': [
    { kind: 'ldap', text: 'read the configuration partition (any domain user)' },
  ],
  'network:DNS (MX of the Gateway domain)': [
    { kind: 'network', text: 'DNS (MX, A/AAAA of the Gateway domain)' },
  ],
  'network:none: reads exchangeOnline.exportDir/journal-rules.json (Get-JournalRule, Exchange Online PowerShell, Journaling role)':
    [
      { kind: 'files', text: 'exchangeOnline.exportDir/journal-rules.json' },
      { kind: 'exchangeOnline', text: 'Get-JournalRule (Exchange Online PowerShell, Journaling role)' },
    ],
  'network:none: reads exchangeOnline.exportDir/transport-config.json (Get-TransportConfig)': [
    { kind: 'files', text: 'exchangeOnline.exportDir/transport-config.json' },
    { kind: 'exchangeOnline', text: 'Get-TransportConfig (Exchange Online PowerShell)' },
  ],
};

/**
 * What each built-in check declared in its own metadata before the sources owned permissions
 * (recorded once from the checks; check ids are a contract, so every id here must still exist).
 */
const DECLARED = JSON.parse(
  readFileSync(new URL('./declared-permissions.json', import.meta.url), 'utf8'),
) as Record<string, Partial<Record<Kind, string[]>>>;

describe('permissions owned by the sources', () => {
  it('has an entry for every artifact every collector produces', async () => {
    const missing = (await loadCollectors()).flatMap((c) => c.produces.filter((k) => !ARTIFACT_ACCESS[k]));
    expect(missing).toEqual([]);
    expect(Object.keys(ARTIFACT_ACCESS).length).toBeGreaterThan(40);
  });

  it('derives, for every built-in check, everything the check declared itself (nothing is lost)', async () => {
    const lost: string[] = [];
    const checks = await loadBuiltinChecks();
    const ids = new Set(checks.map((c) => c.id));
    expect(Object.keys(DECLARED).filter((id) => !ids.has(id))).toEqual([]);
    for (const check of checks) {
      const derived = permissionsFor({ requires: check.requires, optional: check.optional ?? [] });
      for (const kind of ACCESS_KINDS) {
        for (const text of DECLARED[check.id]?.[kind] ?? []) {
          const wanted = REWORDED[`${kind}:${text}`] ?? [{ kind, text }];
          for (const w of wanted)
            if (!derived[w.kind].includes(w.text)) lost.push(`${check.id}: ${w.kind} "${w.text}"`);
        }
      }
    }
    expect(lost).toEqual([]);
  });

  it('pins what representative checks need, by kind', async () => {
    const byId = new Map((await loadBuiltinChecks()).map((c) => [c.id, c]));
    const needs = (id: string) => permissionsFor(byId.get(id)!);
    expect(needs('mbx.license-state').graph).toEqual(['User.Read.All', 'MailboxSettings.Read']);
    expect(needs('exch.ad-prep-level').ldap).toEqual([
      'read the configuration partition (any domain user)',
      'read the schema partition and each domain partition',
    ]);
    expect(needs('journal.exo-rule')).toMatchObject({
      files: ['exchangeOnline.exportDir/journal-rules.json'],
      exchangeOnline: [
        'Get-JournalRule (Exchange Online PowerShell, Journaling role)',
        'Get-JournalRule via InvokeCommand (exchangeOnline.invokeCommand: true): Exchange.ManageAsApp (Office 365 Exchange Online application permission, admin consent) + Entra role Global Reader on the app',
      ],
      graph: [],
      ldap: [],
    });
    expect(needs('journal.gateway-reachable').network).toEqual([
      'DNS (MX, A/AAAA of the Gateway domain)',
      'SMTP (TCP 25) to the Gateway MX with probes.smtp',
    ]);
    expect(needs('app.scan-permissions').graph).toEqual([]);
  });

  it('merges what a plugin check declares, once, after the derived ones', () => {
    const derived = permissionsFor({
      requires: ['graph.users'],
      optional: ['graph.domains'],
      permissions: { graph: ['User.Read.All', 'Mail.Read'], network: ['HTTPS to api.example.net'] },
    });
    expect(derived.graph).toEqual(['User.Read.All', 'Domain.Read.All', 'Mail.Read']);
    expect(derived.network).toEqual([
      'HTTPS (443) to login.microsoftonline.com and graph.microsoft.com',
      'HTTPS to api.example.net',
    ]);
  });

  it('edge: a check reading nothing (or an unknown artifact) needs nothing', () => {
    expect(permissionsFor({ requires: ['plugin.thing' as never] })).toEqual({
      graph: [],
      exchangeOnline: [],
      ldap: [],
      network: [],
      files: [],
    });
  });
});
