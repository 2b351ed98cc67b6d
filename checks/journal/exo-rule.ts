import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { ExoJournalRule } from '../../src/evidence/exo.ts';
import { evidenceKind, originEvidence, originText } from '../../src/model/exo-origin.ts';
import {
  CONFIGURE_DOC,
  gatewayOf,
  JOURNALING_DOC,
  MAILSTORE_DOC,
  NO_GATEWAY,
  normAddress,
} from './common.ts';

export default defineCheck({
  id: 'journal.exo-rule',
  area: 'journal',
  severity: 'fail',
  targetKind: 'rule',
  title: 'Exchange Online journal rule to the Gateway',
  failureTitle: 'No enabled Exchange Online journal rule covers all mail to the Gateway',
  description:
    'MailStore archives cloud mail from journal reports that Exchange Online sends to the Gateway’s external address. An enabled journal rule with Scope Global (internal and external messages) and no recipient limit must target it; there is no Graph API for journal rules, so they are read live (Exchange Online InvokeCommand, Get-JournalRule) or from the administrator’s Get-JournalRule export.',
  remediation: {
    text: 'In Exchange Online PowerShell, create a Global journal rule to the Gateway (set the alternate journaling mailbox first), then export the rules again into exchangeOnline.exportDir.',
    powershell: [
      'New-JournalRule -Name "MailStore Gateway" -JournalEmailAddress <gateway address> -Scope Global -Enabled $true',
      'Get-JournalRule | Select-Object Name,Enabled,@{n=\'Scope\';e={"$($_.Scope)"}},@{n=\'Recipient\';e={"$($_.Recipient)"}},@{n=\'JournalEmailAddress\';e={"$($_.JournalEmailAddress)"}} | ConvertTo-Json | Out-File journal-rules.json -Encoding utf8',
    ],
  },
  docs: [JOURNALING_DOC, CONFIGURE_DOC, MAILSTORE_DOC],
  requires: ['exo.journalRules'],
  confidence: 'confirmed',
  options: z.object({
    /** ConvertTo-Json writes enums as numbers; JournalRuleScope order (unconfirmed): Internal, External, Global. */
    scopeNumbers: z
      .record(z.string(), z.enum(['Internal', 'External', 'Global']))
      .default({ '0': 'Internal', '1': 'External', '2': 'Global' }),
  }),
  run({ artifacts, settings, options }) {
    const artifact = artifacts['exo.journalRules'];
    const { rules } = artifact;
    const gateway = gatewayOf(settings);
    // "supplied" (an export: its file) or "live" (read from the tenant: the cmdlet and endpoint).
    const base = originEvidence(artifact);
    const live = evidenceKind(artifact) === 'live';
    if (!gateway)
      return [
        { target: 'Exchange Online journal rules', status: 'fail', message: NO_GATEWAY, evidence: base },
      ];
    const scopeOf = (r: ExoJournalRule) =>
      typeof r.scope === 'number'
        ? (options.scopeNumbers[String(r.scope)] ?? `number ${r.scope}`)
        : (r.scope ?? 'Global');
    const toGateway = rules.filter((r) => normAddress(r.journalEmailAddress) === gateway);
    const good = toGateway.filter((r) => r.enabled !== false && !r.recipient);
    const scopes = new Set(good.map((r) => scopeOf(r).toLowerCase()));
    const covered = scopes.has('global') || (scopes.has('internal') && scopes.has('external'));
    const findings: Finding[] = rules.map((r) => {
      const scope = scopeOf(r);
      const problems: string[] = [];
      if (normAddress(r.journalEmailAddress) !== gateway)
        problems.push(`journals to ${r.journalEmailAddress ?? '(no address)'}, not to the Gateway`);
      if (r.enabled === false) problems.push('disabled');
      if (r.enabled === undefined)
        problems.push(`Enabled not in the ${live ? 'reply' : 'export'} (assumed enabled)`);
      if (scope.toLowerCase() !== 'global')
        problems.push(`Scope ${scope} (only ${scope.toLowerCase()} messages)`);
      if (r.recipient) problems.push(`limited to recipient ${r.recipient}`);
      return {
        target: r.name,
        status: problems.length === 0 ? 'pass' : 'info',
        message:
          problems.length === 0
            ? `Enabled, Scope Global, all recipients, to ${gateway}`
            : problems.join('; '),
        evidence: {
          ...base,
          enabled: r.enabled,
          scope,
          recipient: r.recipient ?? null,
          journalEmailAddress: r.journalEmailAddress,
        },
      } satisfies Finding;
    });
    if (!covered) {
      const why =
        rules.length === 0
          ? live
            ? `Exchange Online has no journal rule (${originText(artifact)})`
            : 'The export lists no journal rule'
          : toGateway.length === 0
            ? `No journal rule sends to ${gateway} (wrong address)`
            : `The rules to ${gateway} do not cover all mail: ${toGateway
                .map(
                  (r) =>
                    `${r.name}: ${r.enabled === false ? 'disabled' : `Scope ${scopeOf(r)}${r.recipient ? `, only ${r.recipient}` : ''}`}`,
                )
                .join('; ')}`;
      findings.unshift({
        target: 'Exchange Online journal rules',
        status: 'fail',
        message: `${why}: cloud mail is not journaled to the Gateway`,
        evidence: { ...base, rules: rules.length, gatewayAddress: gateway },
      });
    }
    return findings;
  },
});
