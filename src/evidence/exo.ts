/**
 * Exchange Online settings that neither Graph nor the documented Admin API endpoints expose,
 * read from an administrator-supplied export folder (`exchangeOnline.exportDir`). Every finding
 * built on them is "evidence: supplied": the scanner read a file, not the tenant.
 *
 * File names and the PowerShell that produces them (Exchange Online PowerShell, Connect-ExchangeOnline):
 *
 *   journal-rules.json
 *     Get-JournalRule | Select-Object Name,Enabled,@{n='Scope';e={"$($_.Scope)"}},
 *       @{n='Recipient';e={"$($_.Recipient)"}},@{n='JournalEmailAddress';e={"$($_.JournalEmailAddress)"}} |
 *       ConvertTo-Json | Out-File journal-rules.json -Encoding utf8
 *
 *   transport-config.json
 *     Get-TransportConfig | Select-Object @{n='JournalingReportNdrTo';e={"$($_.JournalingReportNdrTo)"}} |
 *       ConvertTo-Json | Out-File transport-config.json -Encoding utf8
 *
 * A plain `Get-JournalRule | ConvertTo-Json` is accepted too: a single object or an array, UTF-8
 * with or without BOM or UTF-16 (what `>` writes in Windows PowerShell), SmtpAddress values as
 * strings or as objects with an `Address` field, Scope as a name or as the enum's number.
 */

export const EXO_FILES = {
  journalRules: 'journal-rules.json',
  transportConfig: 'transport-config.json',
} as const;

export interface ExoJournalRule {
  name: string;
  /** Absent when the export left out the Enabled column. */
  enabled?: boolean;
  /** Global | Internal | External as exported (a number is mapped by the checks). */
  scope?: string | number;
  /** The one user or group the rule is limited to; absent/empty = every recipient. */
  recipient?: string;
  journalEmailAddress?: string;
}

export interface ExoJournalRules {
  /** Absolute path of the file read. */
  file: string;
  rules: ExoJournalRule[];
}

export interface ExoTransportConfig {
  file: string;
  /** Absent when unset (PowerShell shows `<>`). */
  journalingReportNdrTo?: string;
  /** The raw value as exported, for evidence. */
  raw?: unknown;
}

/** The artifacts the exo source writes, by key. */
export interface ExoArtifacts {
  /** Get-JournalRule of Exchange Online (supplied export). */
  'exo.journalRules': ExoJournalRules;
  /** Get-TransportConfig of Exchange Online, JournalingReportNdrTo (supplied export). */
  'exo.transportConfig': ExoTransportConfig;
}
