import { z } from 'zod';
import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { JournalRule } from '../../src/evidence/ldap.ts';
import {
  domainPart,
  gatewayOf,
  internalDomainOf,
  MAILSTORE_DOC,
  NO_GATEWAY,
  ONPREM_DOC,
  reachesGateway,
} from './common.ts';

export default defineCheck({
  id: 'journal.onprem-rule',
  area: 'journal',
  severity: 'fail',
  targetKind: 'rule',
  title: 'On-premises journal rule to the Gateway',
  failureTitle: 'No enabled on-premises journal rule sends all mail to the Gateway',
  description:
    'MailStore archives on-premises mail from journal reports that Exchange Server sends to the Gateway’s external address, not to a local journal mailbox. The rule is read from msExchTransportRuleXml under CN=JournalingVersioned; how Enabled and Scope are stored there is unconfirmed, so the check says what it assumed.',
  remediation: {
    text: 'In the Exchange Management Shell, create a Global journal rule to the Gateway address (or to a mail contact whose external address is the Gateway).',
    powershell: [
      'New-JournalRule -Name "MailStore Gateway" -JournalEmailAddress <gateway address> -Scope Global -Enabled $true',
    ],
  },
  docs: [ONPREM_DOC, MAILSTORE_DOC],
  requires: ['ldap.journalRules'],
  optional: ['ldap.users', 'ldap.mailObjects', 'ldap.acceptedDomains'],
  confidence: 'decompiled',
  options: z.object({
    /** The rule XML seen so far carries no enabled flag: treat a rule without one as enabled (unconfirmed). */
    assumeEnabledWhenUnknown: z.boolean().default(true),
  }),
  run({ artifacts, settings, options }) {
    const rules = artifacts['ldap.journalRules'];
    const gateway = gatewayOf(settings);
    if (!gateway) return [{ target: 'on-premises journal rules', status: 'fail', message: NO_GATEWAY }];
    const users = artifacts['ldap.users'];
    const objects = artifacts['ldap.mailObjects'];
    const findings: Finding[] = [];
    let covered = false;
    const judged: string[] = [];
    for (const r of rules) {
      const evidence: Record<string, unknown> = { dn: r.dn, whenChanged: r.whenChanged, xml: r.xml };
      if (!r.parsed) {
        findings.push({
          target: r.name,
          status: 'error',
          message: r.parseError ?? 'rule XML not readable',
          evidence,
        });
        continue;
      }
      const p = r.parsed;
      evidence.recipients = p.recipients;
      evidence.conditions = p.conditions;
      const enabled = p.enabled ?? (options.assumeEnabledWhenUnknown ? undefined : false);
      const via = p.recipients
        .map((a) => ({ a, g: reachesGateway(a, gateway, users, objects) }))
        .find((x) => x.g);
      const problems: string[] = [];
      if (!via) {
        const internal = p.recipients.find((a) =>
          internalDomainOf(domainPart(a), artifacts['ldap.acceptedDomains'], undefined),
        );
        problems.push(
          internal
            ? `journals to ${internal}, an internal address (an on-premises journal mailbox), not to the Gateway`
            : `journals to ${p.recipients.join(', ') || '(no recipient)'}, not to the Gateway`,
        );
      } else if (!via.g!.direct) evidence.via = via.g!.via;
      if (enabled === false)
        problems.push(
          p.enabled === false
            ? `disabled${p.mode ? ` (mode ${p.mode})` : ''}`
            : 'enabled state not in the rule XML',
        );
      if (p.conditions.length > 0 || p.scopeValues.length > 0)
        problems.push(
          `scoped by ${[...p.conditions, ...p.scopeValues].join(', ')} (not Global / all recipients)`,
        );
      const notes =
        p.enabled === undefined
          ? ' (the XML has no enabled flag: assumed enabled, unconfirmed encoding)'
          : '';
      if (problems.length === 0) {
        covered = true;
        findings.push({
          target: r.name,
          status: 'pass',
          message: `Global rule to ${via!.g!.direct ? gateway : `${via!.a}, a contact whose targetAddress is ${gateway}`}${notes}`,
          evidence,
        });
      } else {
        judged.push(`${r.name}: ${problems.join('; ')}`);
        findings.push({ target: r.name, status: 'info', message: problems.join('; ') + notes, evidence });
      }
    }
    if (!covered && !findings.some((f) => f.status === 'error'))
      findings.unshift({
        target: 'on-premises journal rules',
        status: 'fail',
        message:
          rules.length === 0
            ? 'No journal rule under CN=JournalingVersioned: on-premises mail is not journaled to the Gateway'
            : `No rule journals all on-premises mail to ${gateway}: ${judged.join(' | ')}`,
        evidence: { rules: rules.map((r: JournalRule) => r.dn), gatewayAddress: gateway },
      });
    return findings;
  },
});
