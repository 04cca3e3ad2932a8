// The agreed data elements as columns of the two record tables (entries: own captures; exits: the
// partner's records), derived from the exchanged fields (schema.ts) and shared by every query that reads
// or writes them, so a field added to the exchange record reaches every query.
import { EXCHANGED_FIELDS, type ExchangedField } from './schema';

/** The person and document columns common to entries and exits: the exchanged fields but the id and the time. */
export const PERSON_FIELDS = EXCHANGED_FIELDS.filter(
  (f): f is Exclude<ExchangedField, 'id' | 'entered_at'> => f !== 'id' && f !== 'entered_at',
);

export type PersonField = (typeof PERSON_FIELDS)[number];

/**
 * The same columns as a select list, the date of birth read back as YYYY-MM-DD text (no time zone
 * shift); with a table alias where the query joins other tables.
 */
export function personColumns(alias?: string): string {
  const at = alias ? `${alias}.` : '';
  return PERSON_FIELDS.map((f) =>
    f === 'date_of_birth' ? `to_char(${at}date_of_birth, 'YYYY-MM-DD') AS date_of_birth` : `${at}${f}`,
  ).join(', ');
}

export const PERSON_COLUMNS = personColumns();
