import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';

/** `smtp:` in any case and at least one character after it (the `.+` keeps values with a line break out). */
const SMTP_PROXY = /^smtp:.+$/i;

export default defineCheck({
  id: 'sync.duplicate-proxy-addresses',
  area: 'sync',
  severity: 'fail',
  targetKind: 'user',
  title: 'No duplicate SMTP proxy addresses',
  failureTitle: 'SMTP proxy addresses are used by more than one object',
  description:
    'An SMTP address on two AD objects stops Entra Connect from syncing one of them (quarantined or a provisioning error), so its mailbox is missing in Microsoft 365 and mail for it is delivered unpredictably.',
  remediation: {
    text: 'Remove the address from all but one object, then let Entra Connect sync.',
    powershell: ['Get-Recipient -Filter "EmailAddresses -eq \'smtp:<address>\'"'],
  },
  docs: [
    'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency',
  ],
  requires: ['ldap.users'],
  optional: ['ldap.mailObjects', 'graph.users'],
  confidence: 'confirmed',
  run({ artifacts }) {
    // One owner is the rule: a DN string, and a Set only once a second object claims the address
    // (a Set per address was most of this check's memory at 100k users).
    const owners = new Map<string, string | Set<string>>();
    const add = (dn: string, values: readonly string[]) => {
      for (const p of values) {
        if (!SMTP_PROXY.test(p)) continue;
        const addr = p.slice(5).trim().toLowerCase();
        const held = owners.get(addr);
        if (held === undefined) owners.set(addr, dn);
        else if (typeof held === 'string') {
          if (held !== dn) owners.set(addr, new Set([held, dn]));
        } else held.add(dn);
      }
    };
    for (const u of artifacts['ldap.users']) add(u.dn, u.proxyAddresses);
    const objects = artifacts['ldap.mailObjects'] ?? [];
    for (const o of objects) add(o.dn, o.proxyAddresses);
    const conflicts = new Map<string, string[]>();
    for (const g of artifacts['graph.users'] ?? [])
      for (const e of g.onPremisesProvisioningErrors ?? []) {
        if (e.propertyCausingError !== 'ProxyAddress' || !e.value) continue;
        const key = e.value.replace(/^smtp:/i, '').toLowerCase();
        conflicts.set(key, [...(conflicts.get(key) ?? []), g.userPrincipalName]);
      }
    const findings: Finding[] = [];
    for (const [addr, dns] of owners) {
      if (typeof dns === 'string') continue;
      findings.push({
        target: addr,
        status: 'fail',
        message: `${addr} is a proxy address of ${dns.size} objects`,
        evidence: { objects: [...dns], entraProvisioningErrors: conflicts.get(addr) },
      });
    }
    if (findings.length) return findings;
    return [
      {
        target: 'proxy addresses',
        status: 'pass',
        message: `${owners.size} SMTP addresses, each on one object`,
        evidence: {
          users: artifacts['ldap.users'].length,
          otherMailObjects: objects.length,
          scope: 'the domain partition read over LDAP (other domains of the forest are not included)',
        },
      },
    ];
  },
});
