/** Transport settings and journal rules (msExchTransportRuleXml). */
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import type { ExchangeOrganization, JournalRule, TransportSettings } from '../../../evidence/ldap.ts';
import { type LdapSession, num, str } from '../client.ts';

import { clean, nameOf, optionalSearch } from './common.ts';

let xml: XMLParser | undefined;

/**
 * Made on first use, from the package's one-file CommonJS build: its ES build is about 40 modules,
 * loaded before a scan's first request when imported at the top.
 */
function parser(): XMLParser {
  if (!xml) {
    const fxp = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    xml = new fxp.XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      allowBooleanAttributes: true,
    });
  }
  return xml;
}

/**
 * Reads msExchTransportRuleXml of a journal rule. The journal recipient is the `value` of each
 * <argument> under <action name="Journal">; conditions (if any) limit the scope. How Enabled is
 * stored is unconfirmed: an `enabled` or `mode` attribute of <rule> is used when present.
 */
export function parseJournalRuleXml(text: string): NonNullable<JournalRule['parsed']> {
  const doc = parser().parse(text) as Record<string, unknown>;
  const rule = doc.rule as Record<string, unknown> | undefined;
  if (!rule || typeof rule !== 'object') throw new Error('no <rule> element');
  const recipients: string[] = [];
  const conditions: string[] = [];
  const scopeValues: string[] = [];
  const visit = (node: unknown, inJournal: boolean, inCondition: boolean) => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, inJournal, inCondition);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key.startsWith('@') || key === '#text') continue;
      const children = Array.isArray(child) ? child : [child];
      for (const c of children) {
        const attrs = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
        if (key === 'action') {
          visit(c, String(attrs['@name'] ?? '').toLowerCase() === 'journal', false);
        } else if (key === 'condition') {
          visit(c, false, true);
        } else if (key === 'argument') {
          const v = attrs['@value'];
          if (typeof v === 'string') {
            if (inJournal) recipients.push(v.replace(/^smtp:/i, ''));
            else if (inCondition) scopeValues.push(v);
          }
        } else {
          if (inCondition && !['and', 'or', 'not'].includes(key)) conditions.push(key);
          visit(c, inJournal, inCondition);
        }
      }
    }
  };
  visit(rule, false, false);
  const enabledAttr = rule['@enabled'];
  const mode = typeof rule['@mode'] === 'string' ? (rule['@mode'] as string) : undefined;
  let enabled: boolean | undefined;
  if (enabledAttr !== undefined) enabled = String(enabledAttr).toLowerCase() !== 'false';
  else if (mode) enabled = !/^(disabled|off)$/i.test(mode);
  return clean({
    ruleName: typeof rule['@name'] === 'string' ? (rule['@name'] as string) : undefined,
    enabled,
    mode,
    recipients,
    conditions: [...new Set(conditions)],
    scopeValues,
  });
}

export async function readJournalRules(s: LdapSession, org: ExchangeOrganization): Promise<JournalRule[]> {
  const entries = await optionalSearch(s, `CN=JournalingVersioned,CN=Rules,CN=Transport Settings,${org.dn}`, {
    scope: 'one',
    filter: '(objectClass=msExchTransportRule)',
    attributes: ['name', 'cn', 'msExchTransportRuleXml', 'msExchTransportRulePriority', 'whenChanged'],
  });
  return entries.map((e) => {
    const text = str(e, 'msExchTransportRuleXml');
    let parsed: JournalRule['parsed'];
    let parseError: string | undefined;
    if (text) {
      try {
        parsed = parseJournalRuleXml(text);
      } catch (err) {
        parseError = `msExchTransportRuleXml is not readable XML: ${(err as Error).message}`;
      }
    } else parseError = 'msExchTransportRuleXml is empty or not readable by the bind account';
    return clean({
      dn: e.dn,
      name: nameOf(e),
      priority: num(e, 'msExchTransportRulePriority'),
      whenChanged: str(e, 'whenChanged'),
      xml: text,
      parsed,
      parseError,
    });
  });
}

export async function readTransportSettings(
  s: LdapSession,
  org: ExchangeOrganization,
): Promise<TransportSettings | null> {
  const e = await s.read(`CN=Transport Settings,${org.dn}`, ['msExchJournalingReportNdrTo']);
  if (!e) return null;
  return clean({ dn: e.dn, journalingReportNdrTo: str(e, 'msExchJournalingReportNdrTo') });
}
