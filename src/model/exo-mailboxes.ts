/** The lookups that tie an Exchange Online mailbox (the `exo.mailboxes` list) to an Entra user. */
import type { ExoMailbox } from '../evidence/exo.ts';
import type { GraphUser } from '../evidence/graph.ts';
import { smtpAddresses } from './primary-smtp.ts';

export type { ExoMailbox };

/**
 * A Get-Mailbox row is a mailbox hosted in Exchange Online (UserMailbox, SharedMailbox,
 * RoomMailbox…), not a MailUser or a RemoteUserMailbox stub of an on-premises mailbox.
 */
export function hostsCloudMailbox(m: ExoMailbox | undefined): boolean {
  return Boolean(m && /mailbox$/i.test(m.recipientTypeDetails) && !/^remote/i.test(m.recipientTypeDetails));
}

export interface ExoMailboxIndex {
  /**
   * The mailbox of an Entra user: by object id, else by UPN or any of its SMTP addresses. `asked`,
   * when given, receives every address key looked up, so a caller can skip asking them again.
   */
  forUser(user: GraphUser, asked?: string[]): ExoMailbox | undefined;
  /** The row carrying this address key, already trimmed and lower-cased (no normalising again). */
  byAddressKey(key: string): ExoMailbox | undefined;
  /** The row whose ExchangeGuid is this GUID (text, any case, braces allowed). */
  byExchangeGuid(guid: string): ExoMailbox | undefined;
  /** The row carrying this address (primary, UPN or any SMTP proxy), case-insensitive. */
  byAddress(address: string): ExoMailbox | undefined;
  all: readonly ExoMailbox[];
  /** Every page was read: a user absent from the list has no row in Exchange Online. */
  complete: boolean;
}

/** `{6C1F…}` / upper case → lower-case GUID text without braces. */
export function normGuid(guid: string | undefined | null): string | undefined {
  // One brace off each end without a regular expression: called for every user and every row.
  let g = guid?.trim();
  if (!g) return undefined;
  if (g.charCodeAt(0) === 123) g = g.slice(1);
  if (g.charCodeAt(g.length - 1) === 125) g = g.slice(0, -1);
  g = g.toLowerCase();
  return g && g !== '00000000-0000-0000-0000-000000000000' ? g : undefined;
}

export function indexExoMailboxes(mailboxes: readonly ExoMailbox[], complete = false): ExoMailboxIndex {
  const byObjectId = new Map<string, ExoMailbox>();
  const byGuid = new Map<string, ExoMailbox>();
  const byAddress = new Map<string, ExoMailbox>();
  const add = (address: string | undefined, m: ExoMailbox) => {
    const a = address?.trim().toLowerCase();
    if (a && !byAddress.has(a)) byAddress.set(a, m);
  };
  for (const m of mailboxes) {
    const id = m.externalDirectoryObjectId?.trim().toLowerCase();
    if (id && !byObjectId.has(id)) byObjectId.set(id, m);
    const g = normGuid(m.exchangeGuid);
    if (g && !byGuid.has(g)) byGuid.set(g, m);
    add(m.primarySmtpAddress, m);
    add(m.userPrincipalName, m);
    for (const a of smtpAddresses(m.emailAddresses).all) add(a, m);
  }
  return {
    all: mailboxes,
    complete,
    byExchangeGuid(guid) {
      const g = normGuid(guid);
      return g ? byGuid.get(g) : undefined;
    },
    byAddress(address) {
      return byAddress.get(address.trim().toLowerCase());
    },
    byAddressKey(key) {
      return byAddress.get(key);
    },
    forUser(user, asked) {
      const hit = byObjectId.get(user.id.toLowerCase());
      if (hit) return hit;
      // UPN, mail and the primary proxy are mostly one address: each distinct key is asked once.
      const keys = asked ?? [];
      const upn = user.userPrincipalName.toLowerCase();
      keys.push(upn);
      const byUpn = byAddress.get(upn);
      if (byUpn) return byUpn;
      if (user.mail) {
        const mail = user.mail.toLowerCase();
        if (!keys.includes(mail)) {
          keys.push(mail);
          const byMail = byAddress.get(mail);
          if (byMail) return byMail;
        }
      }
      for (const a of smtpAddresses(user.proxyAddresses).all) {
        if (keys.includes(a)) continue;
        keys.push(a);
        const m = byAddress.get(a);
        if (m) return m;
      }
      return undefined;
    },
  };
}
