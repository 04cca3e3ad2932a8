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
  /**
   * The birth date's parts, and citizenship and sex packed into numbers (0 = missing), copied onto
   * the record: the hot path of scoring compares numbers held in the record itself instead of
   * following a pointer to another object per field (scoring is bound by memory access).
   */
  dobValue: number;
  dobYear: number;
  dobMonth: number;
  dobDay: number;
  citizenshipCode: number;
  sexCode: number;
  /**
   * The document number's length, its first four and last four characters, and the first three and
   * the last three before the check digit, packed into numbers (exactly): two numbers of 9 characters
   * or more one edit apart share their first four or last four, two bodies of 7 or more their first
   * three or last three (`compareDocument` skips reading the strings when neither).
   */
  docLength: number;
  docHead: number;
  docTail: number;
  docBodyHead: number;
  docBodyTail: number;
  docTypeCode: number;
  issuerCode: number;
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

/**
 * A country or sex code (up to three letters A–Z) as a number, exactly (base 27, no collisions);
 * 0 when missing or unspecified (`X`), -1 for anything else (compared as a string would be: equal
 * only to itself, which the caller checks by string in that rare case).
 */
function packedCode(code: string): number {
  if (code === '' || code === 'X') return 0;
  if (code.length > 3) return -1;
  let n = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i) - 64;
    if (c < 1 || c > 26) return -1;
    n = n * 27 + c;
  }
  return n;
}

/** Characters [from, to) of an A–Z0–9 string as one number (base 37, no zero digit: exact), clamped to the string. */
function packedChars(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = Math.max(0, from); i < Math.min(to, s.length); i++) {
    const c = s.charCodeAt(i);
    n = n * 37 + (c >= 65 ? c - 64 : c - 47 + 26);
  }
  return n;
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
  const dob = birthDate(input.date_of_birth);
  const citizenship = countryCode(input.citizenship);
  const sex = sexCode(input.sex);
  const docType = text(input.document_type);
  const issuer = countryCode(input.document_issuer);
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
    dob,
    dobValue: dob.value,
    dobYear: dob.year,
    dobMonth: dob.month,
    dobDay: dob.day,
    citizenshipCode: packedCode(citizenship),
    sexCode: packedCode(sex),
    docLength: doc.length,
    docHead: packedChars(doc, 0, 4),
    docTail: packedChars(doc, doc.length - 4, doc.length),
    docBodyHead: packedChars(doc, 0, Math.min(3, doc.length - 1)),
    docBodyTail: packedChars(doc, doc.length - 4, doc.length - 1),
    doc,
    docValid: doc.length >= 2 && hasValidCheckDigit(doc),
    docType,
    issuer,
    docTypeCode: packedCode(docType),
    issuerCode: packedCode(issuer),
    citizenship,
    sex,
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
