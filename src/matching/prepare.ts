// `prepare`: everything about one record that scoring and blocking need, computed once, so that
// scoring a candidate pair does no parsing, normalising or allocating. The ingest stores
// `blockingKeys` as rows next to the record and joins own and partner records on them in SQL.
import { hasValidCheckDigit } from '../record/check-digit';
import { letterMask } from './similarity';
import {
  birthDate,
  countryCode,
  documentNumber,
  instant,
  nameTokens,
  phoneticCode,
  sexCode,
  type BirthDate,
} from './normalise';

/** A record as matching accepts it: the exchanged field names, every field but `id` optional and unchecked. */
export interface MatchInput {
  id: string;
  surname?: unknown;
  first_name?: unknown;
  middle_names?: unknown;
  date_of_birth?: unknown;
  citizenship?: unknown;
  sex?: unknown;
  document_type?: unknown;
  document_number?: unknown;
  document_issuer?: unknown;
  port_of_entry?: unknown;
  entered_at?: unknown;
}

export interface PreparedRecord {
  id: string;
  /** Surname tokens in skeleton form, and joined without spaces. */
  surnameTokens: string[];
  surname: string;
  /** First-name tokens; `first` is the first of them (the name a person is called by). */
  firstTokens: string[];
  first: string;
  /** First-name tokens joined, and phonetic codes of the first surname token and the first name (swap check). */
  firstJoined: string;
  surnameCode: string;
  firstCode: string;
  /** Letter sets of `surname` and `first`, to skip string comparisons that cannot succeed. */
  surnameMask: number;
  firstMask: number;
  middleTokens: string[];
  middle: string;
  dob: BirthDate;
  /** Document number without separators; `docValid` when its ICAO check digit is right. */
  doc: string;
  docValid: boolean;
  docType: string;
  issuer: string;
  citizenship: string;
  sex: string;
  /** Time of entry (ms since epoch) or NaN: for a partner record, our exit. */
  enteredAt: number;
  /** Blocking keys: two records are compared only when they share at least one. */
  keys: string[];
}

function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim().toUpperCase() : '';
}

export function prepare(input: MatchInput): PreparedRecord {
  const record = prepareWithoutKeys(input);
  record.keys = blockingKeys(record);
  return record;
}

/**
 * `prepare` with `keys` left empty, to save memory (about a third of a prepared record) when records
 * are matched in memory: `matchPrepared` computes the keys of such records as it goes.
 */
export function prepareWithoutKeys(input: MatchInput): PreparedRecord {
  const surnameTokens = nameTokens(input.surname);
  const firstTokens = nameTokens(input.first_name);
  const middleTokens = nameTokens(input.middle_names);
  const doc = documentNumber(input.document_number);
  const record: PreparedRecord = {
    id: String(input.id),
    surnameTokens,
    surname: surnameTokens.join(''),
    firstTokens,
    first: firstTokens[0] ?? '',
    firstJoined: firstTokens.join(''),
    surnameCode: surnameTokens.length > 0 ? phoneticCode(surnameTokens[0]) : '',
    firstCode: firstTokens.length > 0 ? phoneticCode(firstTokens[0]) : '',
    surnameMask: letterMask(surnameTokens.join('')),
    firstMask: letterMask(firstTokens[0] ?? ''),
    middleTokens,
    middle: middleTokens.join(''),
    dob: birthDate(input.date_of_birth),
    doc,
    docValid: doc.length >= 2 && hasValidCheckDigit(doc),
    docType: text(input.document_type),
    issuer: countryCode(input.document_issuer),
    citizenship: countryCode(input.citizenship),
    sex: sexCode(input.sex),
    enteredAt: instant(input.entered_at),
    keys: [],
  };
  return record;
}

/**
 * The blocking keys of a prepared record. Chosen so that any one corrupted or missing field
 * (surname, first name, date of birth, document number) or swapped names still leave a shared key:
 * - `d:` the document number without its check digit (a wrong check digit still blocks);
 * - `b:` the date of birth with the phonetic code of each surname and first-name token
 *   (a typo in one name, swapped names, a dropped name);
 * - `y:` both names' phonetic codes, order-free, with the birth year (day/month errors);
 * - `m:` the same with month and day, order-free (a wrong year digit);
 * - `n:` surname and first name in skeleton form, order-free, with citizenship (date of birth and document both unusable).
 */
export function blockingKeys(r: PreparedRecord): string[] {
  const keys = new Set<string>();
  if (r.doc.length >= 5) keys.add(`d:${r.doc.slice(0, -1)}`);
  const codes: string[] = [];
  for (const t of r.surnameTokens.slice(0, 2)) codes.push(phoneticCode(t));
  if (r.first !== '') codes.push(phoneticCode(r.first));
  if (r.dob.digits !== '') for (const c of codes) keys.add(`b:${r.dob.digits}:${c}`);
  const { surnameCode, firstCode } = r;
  if (surnameCode !== '' && firstCode !== '' && r.dob.digits !== '') {
    const pair = surnameCode < firstCode ? `${surnameCode}:${firstCode}` : `${firstCode}:${surnameCode}`;
    keys.add(`y:${pair}:${r.dob.year}`);
    const md = r.dob.month < r.dob.day ? `${r.dob.month}/${r.dob.day}` : `${r.dob.day}/${r.dob.month}`;
    keys.add(`m:${pair}:${md}`);
  }
  // Names alone (skeleton form, order-free) for a record whose date of birth is missing or wrong
  // and whose document differs: large for common names, so the matcher caps block sizes.
  if (r.surname !== '' && r.first !== '' && r.citizenship !== '') {
    const [x, y] = r.surname < r.first ? [r.surname, r.first] : [r.first, r.surname];
    keys.add(`n:${x}:${y}:${r.citizenship}`);
  }
  return [...keys];
}
