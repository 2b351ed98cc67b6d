/** Users and other mail-enabled objects of the domain partition. */

import type { AdMailObject, AdUser } from '../../../evidence/ldap.ts';
import { adUserCompactor } from '../../../util/compact-records.ts';
import { b64, type LdapEntry, type LdapSession, num, str, strs } from '../client.ts';

import { clean, type Naming } from './common.ts';

export const USER_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'mail',
  'mailNickname',
  'proxyAddresses',
  'objectGUID',
  'mS-DS-ConsistencyGuid',
  'userAccountControl',
  'msExchRecipientTypeDetails',
  'msExchRecipientDisplayType',
  'msExchRemoteRecipientType',
  'targetAddress',
  'homeMDB',
  'msExchHomeServerName',
  'msExchMailboxGuid',
  'legacyExchangeDN',
  'msDS-ExternalDirectoryObjectID',
  'msExchArchiveStatus',
  'msExchArchiveGUID',
  'msExchArchiveName',
  'msExchArchiveDatabaseLink',
];

export function toAdUser(e: LdapEntry): AdUser {
  const objectGuid = b64(e, 'objectGUID') ?? '';
  return clean({
    dn: e.dn,
    sAMAccountName: str(e, 'sAMAccountName'),
    userPrincipalName: str(e, 'userPrincipalName'),
    displayName: str(e, 'displayName'),
    mail: str(e, 'mail'),
    mailNickname: str(e, 'mailNickname'),
    proxyAddresses: strs(e, 'proxyAddresses'),
    objectGuid,
    consistencyGuid: b64(e, 'mS-DS-ConsistencyGuid'),
    userAccountControl: num(e, 'userAccountControl'),
    msExchRecipientTypeDetails: str(e, 'msExchRecipientTypeDetails'),
    msExchRecipientDisplayType: str(e, 'msExchRecipientDisplayType'),
    msExchRemoteRecipientType: str(e, 'msExchRemoteRecipientType'),
    targetAddress: str(e, 'targetAddress'),
    homeMDB: str(e, 'homeMDB'),
    msExchHomeServerName: str(e, 'msExchHomeServerName'),
    mailboxGuid: b64(e, 'msExchMailboxGuid'),
    legacyExchangeDN: str(e, 'legacyExchangeDN'),
    externalDirectoryObjectId: str(e, 'msDS-ExternalDirectoryObjectID'),
    msExchArchiveStatus: str(e, 'msExchArchiveStatus'),
    archiveGuid: b64(e, 'msExchArchiveGUID'),
    archiveName: str(e, 'msExchArchiveName'),
    archiveDatabase: str(e, 'msExchArchiveDatabaseLink'),
  });
}

/** Every user in the domain partition (persons with objectClass user), paged. */
export async function readUsers(
  s: LdapSession,
  n: Naming,
  limit = 0,
  onProgress?: (users: number) => void,
  // As a loaded snapshot holds them: repeated values and a user's equal fields as one string (a
  // scan's collector passes its own, which also shares identities with the other user lists).
  compact: (user: AdUser) => AdUser = adUserCompactor(),
): Promise<AdUser[]> {
  return s.searchMap(
    n.domain,
    {
      filter: '(&(objectCategory=person)(objectClass=user))',
      attributes: USER_ATTRIBUTES,
      limit,
      ...(onProgress ? { onProgress } : {}),
    },
    (e) => compact(toAdUser(e)),
  );
}

/** Mail-enabled objects that are not users (groups, contacts, public folders): for duplicates. */
export async function readMailObjects(s: LdapSession, n: Naming): Promise<AdMailObject[]> {
  return s.searchMap(
    n.domain,
    {
      filter: '(&(proxyAddresses=*)(!(&(objectCategory=person)(objectClass=user))))',
      attributes: ['objectClass', 'mail', 'proxyAddresses', 'targetAddress'],
    },
    (e) =>
      clean({
        dn: e.dn,
        objectClass: strs(e, 'objectClass'),
        mail: str(e, 'mail'),
        proxyAddresses: strs(e, 'proxyAddresses'),
        targetAddress: str(e, 'targetAddress'),
      }),
  );
}
