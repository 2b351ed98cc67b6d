// Shipped data, imported as a module so the model reads no file at run time.
import data from '../../data/microsoft-deadlines.json' with { type: 'json' };

/** Dated Microsoft decisions (`data/microsoft-deadlines.json`); checks compare them with the snapshot's date. */
interface MicrosoftDeadline {
  /** `YYYY-MM-DD`. */
  date: string;
  title: string;
  /** Where the date was looked up. */
  source: string;
  /** False when no Microsoft page was found and the date rests on reports of the announcement. */
  primary: boolean;
}

type DeadlineId =
  | 'ews-blocked-exo'
  | 'ews-shutdown-exo'
  | 'first-party-sp-blocked'
  | 'exchange-2016-2019-end-of-support';

interface DeadlineTable {
  knownAsOf: string;
  deadlines: Record<DeadlineId, MicrosoftDeadline>;
}

const table = data as unknown as DeadlineTable;

export const DEADLINES_KNOWN_AS_OF = table.knownAsOf;
export const MICROSOFT_DEADLINES: Readonly<Record<DeadlineId, MicrosoftDeadline>> = table.deadlines;

/** The deadline's date; throws for an id the data file lacks, so a broken data file fails loudly. */
export function deadline(id: DeadlineId): string {
  const d = table.deadlines[id];
  if (!d) throw new Error(`data/microsoft-deadlines.json has no deadline "${id}"`);
  return d.date;
}
