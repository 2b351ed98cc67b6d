/** RBAC role assignments that reach the archiving service account. */

import type { ExchangeOrganization, RoleAssignment, RoleAssignments } from '../../../evidence/ldap.ts';
import { type LdapEntry, type LdapSession, num, str } from '../client.ts';

import { clean, type Naming, nameOf, optionalSearch, rdnValue } from './common.ts';

const escapeValue = (v: string) =>
  v.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/**
 * RBAC role assignments that reach the configured archiving account — directly or through a
 * group it is a member of (group members read with ranged retrieval) — plus every assignment of
 * ApplicationImpersonation.
 */
export async function readRoleAssignments(
  s: LdapSession,
  n: Naming,
  org: ExchangeOrganization,
  account: string | undefined,
): Promise<RoleAssignments> {
  const base = `CN=Role Assignments,CN=RBAC,${org.dn}`;
  const all = await optionalSearch(s, base, {
    scope: 'sub',
    filter: '(objectClass=msExchRoleAssignment)',
    attributes: ['name', 'cn', 'msExchRoleLink', 'msExchUserLink', 'msExchRoleAssignmentFlags'],
  });
  const toAssignment = (e: LdapEntry): RoleAssignment => {
    const role = str(e, 'msExchRoleLink') ?? '';
    return clean({
      dn: e.dn,
      name: nameOf(e),
      role,
      roleName: role ? rdnValue(role) : '',
      assignee: str(e, 'msExchUserLink') ?? '',
      flags: num(e, 'msExchRoleAssignmentFlags'),
    });
  };
  const assignments = all.map(toAssignment);
  const impersonation = assignments.filter((a) => a.roleName.toLowerCase() === 'applicationimpersonation');
  const result: RoleAssignments = { assignments: [], impersonation };
  if (!account) return result;
  result.configuredAccount = account;
  const filter = /=/.test(account)
    ? `(distinguishedName=${escapeValue(account)})`
    : account.includes('@')
      ? `(userPrincipalName=${escapeValue(account)})`
      : `(sAMAccountName=${escapeValue(account.replace(/^.*\\/, ''))})`;
  const found = await s.search(n.domain, {
    filter: `(&(objectClass=user)${filter})`,
    attributes: ['sAMAccountName', 'userPrincipalName', 'memberOf'],
    limit: 1,
  });
  const user = found[0];
  if (!user) return result;
  const dn = user.dn;
  const lower = (x: string) => x.toLowerCase();
  // Groups the account is in: the groups assigned roles are few, so ask each for its members
  // (ranged retrieval: role groups can have more members than AD returns in one answer).
  const assignedGroups = [
    ...new Set(assignments.map((a) => a.assignee).filter((a) => lower(a) !== lower(dn))),
  ];
  const groups: string[] = [];
  for (const g of assignedGroups) {
    const members = await groupMembersDeep(s, n, g, 3);
    if (members.has(lower(dn))) groups.push(g);
  }
  result.account = clean({
    dn,
    sAMAccountName: str(user, 'sAMAccountName'),
    userPrincipalName: str(user, 'userPrincipalName'),
    groups,
  });
  const groupSet = new Set(groups.map(lower));
  result.assignments = assignments
    .filter((a) => lower(a.assignee) === lower(dn) || groupSet.has(lower(a.assignee)))
    .map((a) => ({ ...a, via: lower(a.assignee) === lower(dn) ? 'direct' : 'group' }));
  return result;
}

async function groupMembersDeep(s: LdapSession, n: Naming, dn: string, depth: number): Promise<Set<string>> {
  const out = new Set<string>();
  for (const m of await s.rangedValues(dn, 'member')) out.add(m.toLowerCase());
  if (depth > 1 && out.size > 0) {
    const nested = await s.search(n.domain, {
      filter: `(&(objectClass=group)(memberOf=${escapeValue(dn)}))`,
      attributes: ['cn'],
    });
    for (const g of nested) for (const x of await groupMembersDeep(s, n, g.dn, depth - 1)) out.add(x);
  }
  return out;
}
