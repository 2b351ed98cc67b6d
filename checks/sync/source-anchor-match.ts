import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import { guidBase64ToText } from '../../src/model/guid.ts';
import { isUserFacingMailbox } from '../../src/model/recipient-types.ts';

export default defineCheck({
  id: 'sync.source-anchor-match',
  area: 'sync',
  severity: 'fail',
  targetKind: 'user',
  title: 'AD source anchors match Entra onPremisesImmutableId',
  failureTitle: 'AD mailbox users do not match their Entra ID users',
  description:
    'Entra Connect joins each AD user to its Entra user by the source anchor: mS-DS-ConsistencyGuid (or objectGUID when it is empty), stored base64 as onPremisesImmutableId. A mailbox user without a matching Entra user is unknown to MailStore’s Microsoft 365 user sync.',
  remediation:
    'Fix the anchor (set mS-DS-ConsistencyGuid to the bytes of the immutable id, or hard-match by setting onPremisesImmutableId), or bring the user into the sync scope of Entra Connect.',
  docs: ['https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-design-concepts'],
  requires: ['ldap.users', 'graph.users'],
  confidence: 'confirmed',
  run({ model }) {
    const join = model.users;
    const isMailbox = isUserFacingMailbox;
    const findings: Finding[] = [];
    const anchors: Record<string, number> = {};
    let matched = 0;
    for (const p of join.pairs) {
      if (!isMailbox(p.ad.msExchRecipientTypeDetails)) continue;
      anchors[p.anchor.source] = (anchors[p.anchor.source] ?? 0) + 1;
      if (p.anchorMatches) {
        matched++;
        continue;
      }
      findings.push({
        target: p.ad.userPrincipalName ?? p.ad.dn,
        status: 'fail',
        message: `${p.anchor.source} ${p.anchor.value} (${guidBase64ToText(p.anchor.value) ?? 'not a GUID'}) ≠ onPremisesImmutableId ${p.graph.onPremisesImmutableId ?? '(empty)'} of ${p.graph.userPrincipalName} (joined by ${p.joinedBy})`,
        evidence: {
          dn: p.ad.dn,
          anchorSource: p.anchor.source,
          anchor: p.anchor.value,
          objectGUID: p.ad.objectGuid,
          entraUser: p.graph.userPrincipalName,
          onPremisesImmutableId: p.graph.onPremisesImmutableId,
          joinedBy: p.joinedBy,
        },
      });
    }
    for (const u of join.adOnly) {
      if (!isMailbox(u.msExchRecipientTypeDetails)) continue;
      findings.push({
        target: u.userPrincipalName ?? u.dn,
        status: 'fail',
        message: 'Mailbox user has no Entra ID counterpart (by anchor, DN or sAMAccountName)',
        evidence: { dn: u.dn, anchor: u.consistencyGuid ?? u.objectGuid, sAMAccountName: u.sAMAccountName },
      });
    }
    if (join.graphOnly.length)
      findings.push({
        target: 'Entra synced users',
        status: 'info',
        message: `${join.graphOnly.length} synchronised Entra user(s) have no AD user in the scanned domain (another domain or forest?)`,
        evidence: { users: join.graphOnly.slice(0, 50).map((g) => g.userPrincipalName) },
      });
    if (matched > 0)
      findings.push({
        target: 'mailbox users',
        status: 'pass',
        message: `${matched} mailbox user(s) match their Entra user by source anchor`,
        evidence: { anchors },
      });
    if (findings.length === 0)
      findings.push({ target: 'mailbox users', status: 'info', message: 'No AD mailbox users to match' });
    return findings;
  },
});
