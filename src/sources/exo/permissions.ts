import type { AccessTable } from '../access.ts';

/** The exports an Exchange Online administrator supplies, and the cmdlet (and role) that makes each. */
export const EXO_ACCESS: AccessTable<'exo.journalRules' | 'exo.transportConfig'> = {
  'exo.journalRules': {
    exchangeOnline: ['Get-JournalRule (Exchange Online PowerShell, Journaling role)'],
    files: ['exchangeOnline.exportDir/journal-rules.json'],
  },
  'exo.transportConfig': {
    exchangeOnline: ['Get-TransportConfig (Exchange Online PowerShell)'],
    files: ['exchangeOnline.exportDir/transport-config.json'],
  },
};
