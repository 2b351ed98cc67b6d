/**
 * What the mbx.* checks share beyond the model: permissions, the assignedPlans reading and the
 * evidence of a placement. The placement itself (AD ⇄ Entra ⇄ Exchange Online) is the model's
 * mailboxes view (src/model/mailboxes.ts), built once per scan.
 */
import { z } from 'zod';
import type { GraphUser } from '../../src/evidence/graph.ts';
import type { MailboxUser } from '../../src/model/mailboxes.ts';
import { recipientTypeName } from '../../src/model/recipient-types.ts';

export {
  adPlacement,
  type CloudMailbox,
  cloudMailboxOf,
  type MailboxUser,
  typeName,
} from '../../src/model/mailboxes.ts';

export const MAILBOX_SETTINGS_DOCS =
  'https://learn.microsoft.com/graph/api/resources/mailboxsettings#properties';

/** Options every check that reads assignedPlans takes: the service string is unconfirmed. */
export const planOptions = {
  /** assignedPlans[].service values that mean Exchange Online (unconfirmed; "exchange" observed). */
  exchangeServices: z.array(z.string()).default(['exchange']),
};

interface Plans {
  /** Exchange plans (by the configured service strings). */
  exchange: NonNullable<GraphUser['assignedPlans']>;
  enabled: boolean;
  /** capabilityStatus Warning: the grace period after a subscription lapsed. */
  grace: boolean;
}

/** The Exchange plans of a user, by the configured service strings (lower-cased once per check run). */
export function exchangePlanReader(services: readonly string[]): (g: GraphUser | undefined) => Plans {
  const wanted = new Set(services.map((s) => s.toLowerCase()));
  return (g) => {
    const exchange = (g?.assignedPlans ?? []).filter((p) => wanted.has((p.service ?? '').toLowerCase()));
    return {
      exchange,
      enabled: exchange.some((p) => p.capabilityStatus === 'Enabled'),
      grace: exchange.some((p) => p.capabilityStatus === 'Warning'),
    };
  };
}

/** Evidence a person needs to verify a user's placement by hand. */
export function evidenceOf(u: MailboxUser, plans?: Plans): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  if (u.primarySmtp) e.primarySmtp = u.primarySmtp;
  if (u.ad) {
    e.dn = u.ad.dn;
    e.recipientType = recipientTypeName(u.ad.msExchRecipientTypeDetails);
    e.msExchRecipientTypeDetails = u.ad.msExchRecipientTypeDetails;
    if (u.ad.msExchRemoteRecipientType) e.msExchRemoteRecipientType = u.ad.msExchRemoteRecipientType;
    if (u.ad.targetAddress) e.targetAddress = u.ad.targetAddress;
    if (u.ad.homeMDB) e.homeMDB = u.ad.homeMDB;
    e.msExchMailboxGuid = u.ad.mailboxGuid ?? null;
  }
  if (u.graph) {
    e.entraUser = u.graph.userPrincipalName;
    e.onPremisesSyncEnabled = u.graph.onPremisesSyncEnabled ?? null;
  }
  e.cloudMailbox = u.listed === 'no-list' || u.listed === 'not-listed' ? probeEvidence(u) : listEvidence(u);
  if (u.exo) {
    e.exoMailbox = {
      primarySmtpAddress: u.exo.primarySmtpAddress,
      recipientTypeDetails: u.exo.recipientTypeDetails,
      exchangeGuid: u.exo.exchangeGuid ?? null,
      matchedBy: u.exoMatch,
    };
    if (u.exchangeGuid) e.adExchangeGuid = u.exchangeGuid;
    if (u.exoRows && u.exoRows.length > 1)
      e.exoRows = u.exoRows.map((r) => `${r.recipientTypeDetails} ${r.primarySmtpAddress}`);
  }
  if (plans) e.exchangePlans = plans.exchange.map((p) => `${p.service}:${p.capabilityStatus ?? '?'}`);
  return e;
}

function listEvidence(u: MailboxUser): string {
  if (u.listed === 'absent') return 'not in the Exchange Online mailbox list (complete)';
  const row = u.exo;
  if (!row) return 'not in the Exchange Online mailbox list';
  const by =
    u.exoMatch === 'exchangeGuid' ? 'ExchangeGuid' : u.exoMatch === 'entra' ? 'Entra user' : 'address';
  return `Exchange Online mailbox list: ${row.recipientTypeDetails} ${row.primarySmtpAddress} (matched by ${by})`;
}

function probeEvidence(u: MailboxUser): string {
  switch (u.cloud) {
    case 'cloud':
      return `mailboxSettings 200${u.probe?.userPurpose ? ` (userPurpose ${u.probe.userPurpose})` : ''}`;
    case 'not-in-cloud':
      return `mailboxSettings ${u.probe?.httpStatus ?? 404} ${u.probe?.code ?? ''}`.trim();
    case 'probe-error':
      return `mailboxSettings failed: ${u.probe?.httpStatus ?? '?'} ${u.probe?.code ?? ''}`.trim();
    case 'not-probed':
      return 'not probed (graph.maxMailboxProbes reached, or probes off)';
    case 'no-entra-user':
      return 'no Entra user joined to this AD user';
  }
}

/** The sentence findings use when the probe budget left users out. */
export function budgetNote(n: number): string {
  return `${n} user(s) were not probed: the mailboxSettings probe budget (graph.maxMailboxProbes) was used up; raise it to cover every mailbox user`;
}

/** The sentence a coverage note uses for users neither the mailbox list nor a probe answered for. */
export function coverageNote(n: number, list: { complete: boolean } | undefined): string {
  if (list && !list.complete)
    return `${n} user(s) are neither in the Exchange Online mailbox list (it is incomplete: paging stopped, so absence proves nothing) nor probed`;
  return budgetNote(n);
}

/** How many findings' worth of names a coverage note carries (counts stay complete). */
export const COVERAGE_NAMES = 50;

/** The skip reason of a check that needs the mailbox list or the probes and has neither. */
export const NO_MAILBOX_EVIDENCE =
  'Neither the Exchange Online mailbox list (exo.mailboxes) nor mailboxSettings probes (graph.mailboxProbes) were collected: nothing tells whether cloud mailboxes exist';
