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
  /**
   * -log2 of the share of records holding this surname / first name in the run (term frequency),
   * set by `applyTermFrequencies`; 0 = unknown (no term-frequency adjustment).
   */
  surnameRarity: number;
  firstRarity: number;
  /**
   * Bits (never above 0) by which this surname and first name together are commoner in the run than
   * the product of their shares says (`applyTermFrequencies`): names go together by culture.
   */
  nameDependence: number;
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
    surnameRarity: 0,
    firstRarity: 0,
    nameDependence: 0,
    keys: [],
  };
  return record;
}

/**
 * Loose keys (an upper-case prefix): one field alone, or names without a date — selective for most
 * values, but a common surname, name pair or birth date makes a large block, so they get a much
 * tighter block-size cap than the compound keys (lower-case prefix), which bounds the candidate count.
 */
export function isLooseKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/**
 * The blocking keys of a prepared record. Chosen so that a true pair that still shares any one
 * discriminating field — the document number (give or take one character), the surname, the date
 * of birth (give or take a swapped day and month), or both names (in either order) — or one name and
 * a part of the birth date, shares a key; measured as pair completeness by `npm run eval:match`:
 * - `d:` the document number without its check digit, each one character deleted (a symmetric
 *   deletion neighbourhood: any one substitution, insertion, deletion or neighbour transposition, or a
 *   wrong check digit, still shares a key; whole different numbers do not);
 * - `b:` the date of birth with the phonetic code of each surname and first-name token
 *   (a typo in one name, swapped names, a dropped or replaced name);
 * and loose keys, whose large blocks are skipped (`isLooseKey`):
 * - `S:` the surname alone (skeleton form); `D:` the date of birth alone, day and month order-free;
 * - `Y:` both names' phonetic codes, order-free, with the birth year (day or month wrong);
 * - `M:` each name's phonetic code with month and day, order-free (the year wrong, even by years);
 * - `P:` the phonetic codes of surname and first name, order-free (date of birth and document both unusable).
 */
export function blockingKeys(r: PreparedRecord): string[] {
  const keys = new Set<string>();
  const body = r.doc.length >= 6 ? r.doc.slice(0, -1) : '';
  if (body.length >= 5 && body.length <= 14)
    for (let i = 0; i < body.length; i++) keys.add(`d:${body.slice(0, i)}${body.slice(i + 1)}`);
  if (r.surname.length >= 2) keys.add(`S:${r.surname}`);
  const { dob } = r;
  const md = dob.month < dob.day ? `${dob.month}/${dob.day}` : `${dob.day}/${dob.month}`;
  if (dob.digits !== '' && dob.year > 0) keys.add(`D:${dob.year}:${md}`);
  const codes: string[] = [];
  for (const t of r.surnameTokens.slice(0, 2)) codes.push(phoneticCode(t));
  if (r.first !== '') codes.push(phoneticCode(r.first));
  for (const c of codes) {
    if (dob.digits !== '') keys.add(`b:${dob.digits}:${c}`);
    if (dob.year > 0) keys.add(`M:${c}:${md}`);
  }
  const { surnameCode, firstCode } = r;
  if (surnameCode !== '' && firstCode !== '') {
    const pair = surnameCode < firstCode ? `${surnameCode}:${firstCode}` : `${firstCode}:${surnameCode}`;
    keys.add(`P:${pair}`);
    if (dob.year > 0) keys.add(`Y:${pair}:${dob.year}`);
  }
  return [...keys];
}
