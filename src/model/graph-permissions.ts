/**
 * Microsoft Graph application permissions (app roles of the Microsoft Graph service principal)
 * the scan uses, with their ids, and the resource apps the archive app is checked against.
 * Ids are the published Microsoft Graph permission ids (learn.microsoft.com/graph/permissions-reference).
 */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EXO_APP_ID = '00000002-0000-0ff1-ce00-000000000000';

export const GRAPH_PERMISSION_IDS: Record<string, string> = {
  'Organization.Read.All': '498476ce-e0fe-48b0-b801-37ba7e2685c6',
  'Domain.Read.All': 'dbb9058a-0e50-45d7-ae91-66909b5d4664',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'MailboxSettings.Read': '40f97065-3a51-4d2b-a4d7-a02e4b5cb0a0',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'Mail.Read': '810c84a8-4a9e-49e6-bf7d-12d183f40d01',
  'Mail.ReadWrite': 'e2a3a72e-5f79-4c64-b1b1-878b674786c9',
};

/** Office 365 Exchange Online app roles the archive profiles refer to. */
export const EXO_PERMISSION_IDS: Record<string, string> = {
  full_access_as_app: 'dc890d15-9560-4a4c-9b7f-a736ec74ec40',
};

/** The permission each Graph artifact needs (what a 403 names). */
export const ARTIFACT_PERMISSION = {
  'graph.organization': 'Organization.Read.All',
  'graph.domains': 'Domain.Read.All',
  'graph.domainRecords': 'Domain.Read.All',
  'graph.users': 'User.Read.All',
  'graph.mailboxProbes': 'MailboxSettings.Read',
  'graph.archiveApp': 'Application.Read.All',
  'graph.resourceServicePrincipals': 'Application.Read.All',
  'graph.hybridApps': 'Application.Read.All',
  'graph.exoServicePrincipal': 'Application.Read.All',
} as const;

/** Permissions that also grant what the key permission grants (read-only supersets). */
const SUPERSETS: Record<string, string[]> = {
  'Organization.Read.All': ['Directory.Read.All', 'Organization.ReadWrite.All', 'Directory.ReadWrite.All'],
  'Domain.Read.All': ['Directory.Read.All', 'Domain.ReadWrite.All', 'Directory.ReadWrite.All'],
  'User.Read.All': ['Directory.Read.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  'Application.Read.All': ['Directory.Read.All', 'Application.ReadWrite.All', 'Directory.ReadWrite.All'],
  'MailboxSettings.Read': ['MailboxSettings.ReadWrite'],
};

/** Whether a token holding `held` can use `permission` (delegated scopes count the same way). */
export function holds(held: readonly string[], permission: string): boolean {
  const set = new Set(held.map((p) => p.toLowerCase()));
  return [permission, ...(SUPERSETS[permission] ?? [])].some((p) => set.has(p.toLowerCase()));
}
