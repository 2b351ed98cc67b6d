import type { AccessTable } from '../access.ts';

/** The exports an Exchange Online administrator supplies, and the cmdlet (and role) that makes each. */
type ExoKey =
  | 'exo.journalRules'
  | 'exo.transportConfig'
  | 'exo.mailboxes'
  | 'exo.acceptedDomains'
  | 'exo.organizationConfig'
  | 'exo.inboundConnectors'
  | 'exo.outboundConnectors'
  | 'exo.intraOrgConnectors'
  | 'exo.orgRelationships'
  | 'exo.dkimSigningConfig';

// The live reads (Admin API / InvokeCommand) are read-only cmdlets; the role each needs is named
// by the source that reads it.
const cmdlet = (name: string): { exchangeOnline: string[] } => ({
  exchangeOnline: [`${name} (Exchange Online, read-only)`],
});

export const EXO_ACCESS: AccessTable<ExoKey> = {
  'exo.journalRules': {
    exchangeOnline: ['Get-JournalRule (Exchange Online PowerShell, Journaling role)'],
    files: ['exchangeOnline.exportDir/journal-rules.json'],
  },
  'exo.transportConfig': {
    exchangeOnline: ['Get-TransportConfig (Exchange Online PowerShell)'],
    files: ['exchangeOnline.exportDir/transport-config.json'],
  },
  'exo.mailboxes': cmdlet('Get-Mailbox'),
  'exo.acceptedDomains': cmdlet('Get-AcceptedDomain'),
  'exo.organizationConfig': cmdlet('Get-OrganizationConfig'),
  'exo.inboundConnectors': cmdlet('Get-InboundConnector'),
  'exo.outboundConnectors': cmdlet('Get-OutboundConnector'),
  'exo.intraOrgConnectors': cmdlet('Get-IntraOrganizationConnector'),
  'exo.orgRelationships': cmdlet('Get-OrganizationRelationship'),
  'exo.dkimSigningConfig': cmdlet('Get-DkimSigningConfig'),
};
