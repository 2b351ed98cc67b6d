import type { AccessTable } from '../access.ts';

/** Every artifact the exo source writes. */
export const EXO_KEYS = [
  'exo.mailboxes',
  'exo.acceptedDomains',
  'exo.organizationConfig',
  'exo.inboundConnectors',
  'exo.outboundConnectors',
  'exo.intraOrgConnectors',
  'exo.orgRelationships',
  'exo.dkimSigningConfig',
  'exo.journalRules',
  'exo.transportConfig',
] as const;
export type ExoKey = (typeof EXO_KEYS)[number];

/*
 * Least privilege, from Microsoft's docs:
 *  - Admin API (preview), app-only: the Office 365 Exchange Online application permission
 *    Exchange.ManageAsAppV2 plus an Exchange RBAC role assigned to the app's service principal
 *    (RBAC for applications). https://learn.microsoft.com/exchange/reference/admin-api-authentication
 *    We ask for the view-only roles: View-Only Recipients (Get-Mailbox) and View-Only Configuration
 *    (Get-AcceptedDomain, Get-OrganizationConfig).
 *  - InvokeCommand (what Connect-ExchangeOnline -AppId uses; opt-in, undocumented as an API):
 *    Exchange.ManageAsApp plus an Entra role, read-only: Global Reader.
 *    https://learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2
 *  - Export: whoever runs the export cmdlet in Exchange Online PowerShell; the scanner reads the file.
 */
const ADMIN_API_PERMISSION =
  'Exchange.ManageAsAppV2 (Office 365 Exchange Online application permission, admin consent)';
const INVOKE_PERMISSION =
  'InvokeCommand (exchangeOnline.invokeCommand: true): Exchange.ManageAsApp (Office 365 Exchange Online application permission, admin consent) + Entra role Global Reader on the app';
const NETWORK =
  'HTTPS (443) to outlook.office365.com (endpoints.exchangeOnline) and login.microsoftonline.com';

const adminApi = (cmdlet: string, role: string, file: string) => ({
  exchangeOnline: [`${cmdlet} via the Admin API: ${ADMIN_API_PERMISSION} + Exchange RBAC role '${role}'`],
  network: [NETWORK],
  files: [`exchangeOnline.exportDir/${file} (fallback: ${cmdlet} export)`],
});

const invokeOnly = (cmdlet: string, file: string, exportRole?: string) => ({
  exchangeOnline: [...(exportRole ? [exportRole] : []), `${cmdlet} via ${INVOKE_PERMISSION}`],
  network: [NETWORK],
  files: [`exchangeOnline.exportDir/${file}`],
});

export const EXO_ACCESS: AccessTable<ExoKey> = {
  'exo.mailboxes': adminApi('Get-Mailbox', 'View-Only Recipients', 'mailboxes.json'),
  'exo.acceptedDomains': adminApi('Get-AcceptedDomain', 'View-Only Configuration', 'accepted-domains.json'),
  'exo.organizationConfig': {
    exchangeOnline: [
      `Get-OrganizationConfig via the Admin API: ${ADMIN_API_PERMISSION} + Exchange RBAC role 'View-Only Configuration'`,
      `Get-OrganizationConfig (every EWS field) via ${INVOKE_PERMISSION}`,
    ],
    network: [NETWORK],
    files: ['exchangeOnline.exportDir/organization-config.json (fallback: Get-OrganizationConfig export)'],
  },
  'exo.inboundConnectors': invokeOnly('Get-InboundConnector', 'inbound-connectors.json'),
  'exo.outboundConnectors': invokeOnly('Get-OutboundConnector', 'outbound-connectors.json'),
  'exo.intraOrgConnectors': invokeOnly('Get-IntraOrganizationConnector', 'intra-org-connectors.json'),
  'exo.orgRelationships': invokeOnly('Get-OrganizationRelationship', 'org-relationships.json'),
  'exo.dkimSigningConfig': invokeOnly('Get-DkimSigningConfig', 'dkim-signing-config.json'),
  'exo.journalRules': invokeOnly(
    'Get-JournalRule',
    'journal-rules.json',
    'Get-JournalRule (Exchange Online PowerShell, Journaling role)',
  ),
  'exo.transportConfig': invokeOnly(
    'Get-TransportConfig',
    'transport-config.json',
    'Get-TransportConfig (Exchange Online PowerShell)',
  ),
};

/** The Office 365 Exchange Online application permissions (app roles) each way of reading needs. */
export const EXO_APP_PERMISSION = {
  adminApi: 'Exchange.ManageAsAppV2',
  invokeCommand: 'Exchange.ManageAsApp',
} as const;

/** Exchange RBAC roles (RBAC for applications) for the Admin API cmdlets: Get-Mailbox, then Get-AcceptedDomain / Get-OrganizationConfig. */
export const EXO_VIEW_ONLY_ROLES = ['View-Only Recipients', 'View-Only Configuration'] as const;

/** Entra built-in role Global Reader (read-only), for InvokeCommand; its template id is the same in every tenant. */
export const GLOBAL_READER = {
  name: 'Global Reader',
  roleDefinitionId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;

/** One step of granting the scan app what the live source needs: where it runs and the command. */
interface GrantStep {
  /** Azure CLI (az) or Exchange Online PowerShell. */
  shell: 'azure-cli' | 'exchange-online-powershell';
  what: string;
  command: string;
}

const addExoPermission = (permission: string): GrantStep => ({
  shell: 'azure-cli',
  what: `add the ${permission} application permission of Office 365 Exchange Online to the app`,
  command: `az ad app permission add --id <appId> --api 00000002-0000-0ff1-ce00-000000000000 --api-permissions "$(az ad sp show --id 00000002-0000-0ff1-ce00-000000000000 --query "appRoles[?value=='${permission}'].id | [0]" -o tsv)=Role"`,
});

const ADMIN_CONSENT: GrantStep = {
  shell: 'azure-cli',
  what: 'grant admin consent',
  command: 'az ad app permission admin-consent --id <appId>',
};

/**
 * The grant steps, as data (`permissions` prints them; `permissions --script` runs the same
 * permissions and roles). Placeholders: <appId> (the graph app's client id), <spObjectId> (its
 * service principal = enterprise application object id). Office 365 Exchange Online's appId is
 * 00000002-0000-0ff1-ce00-000000000000; the app role ids are looked up from its service principal
 * rather than written here.
 */
export const EXO_GRANT_STEPS: { adminApi: GrantStep[]; invokeCommand: GrantStep[] } = {
  adminApi: [
    addExoPermission(EXO_APP_PERMISSION.adminApi),
    ADMIN_CONSENT,
    {
      shell: 'exchange-online-powershell',
      what: 'sign in to Exchange Online PowerShell as an Exchange administrator',
      command: 'Connect-ExchangeOnline',
    },
    {
      shell: 'exchange-online-powershell',
      what: "register the app's service principal in Exchange Online (RBAC for applications)",
      command: 'New-ServicePrincipal -AppId <appId> -ObjectId <spObjectId> -DisplayName "hybridscan"',
    },
    ...EXO_VIEW_ONLY_ROLES.map(
      (role, i): GrantStep => ({
        shell: 'exchange-online-powershell',
        what:
          i === 0
            ? 'read-only role for Get-Mailbox'
            : 'read-only role for Get-AcceptedDomain and Get-OrganizationConfig',
        command: `New-ManagementRoleAssignment -App <appId> -Role "${role}"`,
      }),
    ),
  ],
  invokeCommand: [
    addExoPermission(EXO_APP_PERMISSION.invokeCommand),
    ADMIN_CONSENT,
    {
      shell: 'azure-cli',
      what: `assign the Entra role ${GLOBAL_READER.name} (read-only) to the app`,
      command: `az rest --method POST --url https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments --body '{"principalId":"<spObjectId>","roleDefinitionId":"${GLOBAL_READER.roleDefinitionId}","directoryScopeId":"/"}'`,
    },
  ],
};
