/**
 * Values from learn.microsoft.com "RecipientTypeDetails enumeration"
 * (Microsoft.Exchange.Data.Directory.Recipient, a [Flags] enum: members are consecutive powers
 * of two in documented order); linked mailboxes from "Manage linked mailboxes" (a mailbox in
 * this organisation whose owner's account is in another forest).
 */
import { describe, expect, it } from 'vitest';
import {
  isUserFacingMailbox,
  RECIPIENT_TYPE,
  recipientKind,
  recipientTypeFromName,
  recipientTypeName,
} from '../../src/model/recipient-types.ts';

describe('recipient types', () => {
  it('has the documented values, each the next power of two after the ones the enum skips', () => {
    expect(RECIPIENT_TYPE.UserMailbox).toBe(1n);
    expect(RECIPIENT_TYPE.LinkedMailbox).toBe(2n);
    expect(RECIPIENT_TYPE.RoleGroup).toBe(2n ** 30n);
    expect(RECIPIENT_TYPE.RemoteUserMailbox).toBe(2147483648n);
    expect(RECIPIENT_TYPE.RemoteSharedMailbox).toBe(34359738368n);
    expect(RECIPIENT_TYPE.PublicFolderMailbox).toBe(68719476736n);
    for (const v of Object.values(RECIPIENT_TYPE)) expect(v & (v - 1n)).toBe(0n);
  });

  it('classifies on-premises mailboxes, linked mailboxes included', () => {
    for (const v of ['1', '2', '4', '16', '32']) expect(recipientKind(v)).toBe('onprem-mailbox');
    expect(isUserFacingMailbox('2')).toBe(true);
  });

  it('classifies remote mailboxes (Large Integer values) and the rest', () => {
    expect(recipientKind('2147483648')).toBe('remote-mailbox');
    expect(recipientKind(' 34359738368 ')).toBe('remote-mailbox');
    expect(recipientKind('68719476736')).toBe('public-folder-mailbox');
    expect(isUserFacingMailbox('68719476736')).toBe(false);
    expect(recipientKind('128')).toBe('other');
    expect(recipientKind('8')).toBe('other'); // LegacyMailbox: not an Exchange 2013+ mailbox
  });

  it('treats absent and malformed values as no recipient', () => {
    expect(recipientKind(undefined)).toBe('none');
    expect(recipientKind('')).toBe('none');
    expect(recipientKind('abc')).toBe('none');
    expect(recipientTypeName(undefined)).toBeUndefined();
  });

  it('names values and reads Exchange Online names back', () => {
    expect(recipientTypeName('2147483648')).toBe('RemoteUserMailbox');
    expect(recipientTypeName('3')).toBe('0x3');
    expect(recipientTypeFromName('sharedmailbox')).toBe(4n);
    expect(recipientTypeFromName('NoSuchType')).toBeUndefined();
  });
});
