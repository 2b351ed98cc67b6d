import { defineCheck } from '../../src/engine/define-check.ts';
import type { Finding } from '../../src/engine/types.ts';
import type { ExoMailbox } from '../../src/evidence/exo.ts';
import type { AdUser } from '../../src/evidence/ldap.ts';
import { normGuid } from '../../src/model/exo-mailboxes.ts';
import { originText } from '../../src/model/exo-origin.ts';
import { adPlacement, typeName } from './placement.ts';

const ZERO_GUID = 'AAAAAAAAAAAAAAAAAAAAAA==';
/** msExchRemoteRecipientType bit 2: ProvisionArchive (decompiled). */
const PROVISION_ARCHIVE = 2;

type ArchiveKind = 'onprem-archive' | 'cloud-archive-of-onprem' | 'cloud-archive' | 'none';

/** Where a user's archive mailbox lives, from AD alone. */
export function archiveKind(u: AdUser): ArchiveKind {
  const guid = u.archiveGuid && u.archiveGuid !== ZERO_GUID ? u.archiveGuid : undefined;
  const remoteBits = Number(u.msExchRemoteRecipientType ?? 0);
  const provisionArchive = Number.isFinite(remoteBits) && (remoteBits & PROVISION_ARCHIVE) !== 0;
  const active = u.msExchArchiveStatus?.trim() === '1';
  const placement = adPlacement(u);
  if (!guid && !provisionArchive && !active) return 'none';
  if (placement === 'remote') return 'cloud-archive';
  if (placement !== 'onprem') return 'none';
  if (u.archiveDatabase && !provisionArchive) return 'onprem-archive';
  if (provisionArchive || active) return 'cloud-archive-of-onprem';
  return 'onprem-archive';
}

/** The Exchange Online list says the mailbox has an archive: ArchiveStatus Active or an ArchiveGuid. */
function exoArchive(m: ExoMailbox | undefined): boolean {
  return Boolean(m && (/^active$/i.test(m.archiveStatus?.trim() ?? '') || normGuid(m.archiveGuid)));
}

export default defineCheck({
  id: 'mbx.public-folders-and-archives',
  area: 'mbx',
  severity: 'info',
  targetKind: 'mailbox',
  title: 'Public folders and archive mailboxes (scope notes)',
  failureTitle: 'Public folders and archive mailboxes (scope notes)',
  description:
    'Lists public folder mailboxes and archive mailboxes, with where each archive lives. Microsoft Graph cannot read in-place archive mailboxes, and whether MailStore archives public folders or the Exchange Online archive of an on-premises mailbox in a hybrid is unconfirmed: review these by hand.',
  remediation:
    'Decide per item whether it must be archived, and test it with MailStore (public folders: the Exchange Server profile; cloud archives: the Microsoft 365 profile cannot use Graph for them).',
  docs: [
    'https://learn.microsoft.com/exchange/hybrid-deployment/set-up-modern-hybrid-public-folders',
    'https://learn.microsoft.com/graph/api/resources/mail-api-overview',
  ],
  requires: ['ldap.users'],
  optional: ['ldap.hybridConfiguration', 'exo.mailboxes'],
  confidence: 'unconfirmed',
  run({ artifacts, model }) {
    const users = artifacts['ldap.users'];
    const list = artifacts['exo.mailboxes'];
    // The Exchange Online row of each AD user (model join: ExchangeGuid, Entra user, address).
    const exoOf = new Map<string | undefined, ExoMailbox | undefined>();
    if (list) for (const u of model.mailboxes.adUsers) exoOf.set(u.ad?.dn, u.exo);
    const exoEvidence = (m: ExoMailbox | undefined) =>
      list
        ? {
            exoArchiveStatus: m?.archiveStatus ?? null,
            exoArchiveGuid: m?.archiveGuid ?? null,
            mailboxList: originText(list),
          }
        : {};
    const hybrid = artifacts['ldap.hybridConfiguration'];
    const findings: Finding[] = [];
    const name = (u: AdUser) => u.userPrincipalName ?? u.mail ?? u.dn;
    const evidence = (u: AdUser) => ({
      dn: u.dn,
      recipientType: typeName(u),
      msExchRemoteRecipientType: u.msExchRemoteRecipientType ?? null,
      msExchArchiveStatus: u.msExchArchiveStatus ?? null,
      msExchArchiveGuid: u.archiveGuid ?? null,
      msExchArchiveName: u.archiveName ?? null,
      msExchArchiveDatabaseLink: u.archiveDatabase ?? null,
    });
    for (const u of users.filter((x) => adPlacement(x) === 'public-folder'))
      findings.push({
        target: name(u),
        status: 'info',
        message:
          'Public folder mailbox on-premises: whether MailStore archives public folders in a hybrid is unconfirmed; review by hand',
        evidence: { dn: u.dn, recipientType: 'PublicFolderMailbox', homeMDB: u.homeMDB ?? null },
      });
    const onlineArchiveFeature = hybrid?.features?.includes('OnlineArchive');
    for (const u of users) {
      const kind = archiveKind(u);
      const exoRow = exoOf.get(u.dn);
      if (kind === 'none') {
        if (exoArchive(exoRow))
          findings.push({
            target: name(u),
            status: 'info',
            message: `Archive mailbox in Exchange Online (ArchiveStatus ${exoRow?.archiveStatus ?? '?'} in the Exchange Online mailbox list) that AD does not show (no msExchArchiveGUID): Microsoft Graph cannot read in-place archives`,
            evidence: {
              archive: 'cloud-archive (Exchange Online list only)',
              ...evidence(u),
              ...exoEvidence(exoRow),
            },
          });
        continue;
      }
      const message =
        kind === 'onprem-archive'
          ? 'Archive mailbox on-premises (same side as the mailbox)'
          : kind === 'cloud-archive'
            ? 'Archive mailbox in Exchange Online: Microsoft Graph cannot read in-place archives'
            : `On-premises mailbox with its archive in Exchange Online (msExchRemoteRecipientType ProvisionArchive): Graph cannot read it, MailStore support is unconfirmed${hybrid && !onlineArchiveFeature ? '; the HybridConfiguration does not list the OnlineArchive feature' : ''}`;
      findings.push({
        target: name(u),
        status: 'info',
        message,
        evidence: { archive: kind, ...evidence(u), ...exoEvidence(exoRow) },
      });
    }
    // Cloud-only mailboxes with an archive: only the Exchange Online list can show them.
    if (list)
      for (const m of [
        ...model.mailboxes.cloudOnly.flatMap((u) => (u.exo ? [u.exo] : [])),
        ...model.mailboxes.exoUnmatched,
      ])
        if (exoArchive(m))
          findings.push({
            target: m.userPrincipalName ?? m.primarySmtpAddress,
            status: 'info',
            message: `Cloud-only ${m.recipientTypeDetails} with an archive in Exchange Online (ArchiveStatus ${m.archiveStatus ?? '?'}): Microsoft Graph cannot read in-place archives`,
            evidence: {
              archive: 'cloud-archive',
              primarySmtpAddress: m.primarySmtpAddress,
              ...exoEvidence(m),
            },
          });
    if (findings.length === 0)
      findings.push({
        target: 'public folders and archives',
        status: 'info',
        message: 'No public folder mailboxes and no archive mailboxes in AD',
        evidence: {
          users: users.length,
          ...(hybrid ? { hybridFeatures: hybrid.features } : {}),
        },
      });
    return findings;
  },
});
