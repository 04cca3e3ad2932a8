// Document numbers as printed. The number exchanged is the one printed on the document: ICAO 9303
// check digits belong to the machine-readable zone (MRZ), beside the number, not to the number
// itself (a US passport number such as C03005988 has none). So a number is refused only where no
// real document could carry it: characters outside A-Z and 0-9, a length outside what any travel
// document uses, or a format the issuer publishes and the number breaks. A check digit is checked
// only when the port sends the MRZ line that holds it. Sources: docs/rules.md, "Document numbers".
import { icaoCheckDigit } from './check-digit';

export interface DocumentFormat {
  documentType: string;
  issuer: string;
  pattern: RegExp;
  /** What the pattern means, for the error message and the docs. */
  described: string;
  source: string;
}

/**
 * Formats the issuer publishes. Anything not listed is checked only for characters and length
 * (the open questions in docs/rules.md name the documents whose format is not published).
 */
export const KNOWN_FORMATS: readonly DocumentFormat[] = [
  {
    documentType: 'P',
    issuer: 'USA',
    pattern: /^(?:[0-9]{9}|[A-Z][0-9]{8})$/,
    described: '9 characters: 9 digits, or a letter and 8 digits (Next Generation passport, such as C03005988)',
    source: 'US Department of State, passport number formats (Next Generation Passport, 2021); ICAO 9303 Part 4',
  },
  {
    documentType: 'PC',
    issuer: 'USA',
    pattern: /^C[0-9]{8}$/,
    described: 'the letter C and 8 digits',
    source: 'US Department of State, U.S. passport card (number printed beginning with C)',
  },
  {
    documentType: 'P',
    issuer: 'CAN',
    pattern: /^[A-Z]{2}[0-9]{6}$/,
    described: '2 letters and 6 digits (such as AB123456)',
    source: 'IRCC, Canadian passport (passport number: two letters followed by six digits)',
  },
  {
    documentType: 'PR',
    issuer: 'USA',
    pattern: /^[A-Z]{3}[0-9]{10}$/,
    described:
      '3 letters and 10 digits (the card number of a Permanent Resident Card, form I-551, such as SRC1234567890)',
    source: 'USCIS, Form I-551 Permanent Resident Card: card number of three letters and ten digits',
  },
];

const CHARACTERS = /^[A-Z0-9]+$/;
/** Shortest and longest number any travel document prints (ICAO 9303 MRZ: up to 9, with overflow up to 22). */
export const MIN_DOCUMENT_NUMBER = 5;
export const MAX_DOCUMENT_NUMBER = 22;

/** The number as printed, without the spaces or hyphens some documents print between groups. */
export function normaliseDocumentNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** What no travel document at all could print (characters, length), or null. */
export function documentNumberShapeProblem(documentNumber: string): string | null {
  if (!CHARACTERS.test(documentNumber)) return 'must be letters A-Z and digits 0-9 only, as printed on the document';
  if (documentNumber.length < MIN_DOCUMENT_NUMBER || documentNumber.length > MAX_DOCUMENT_NUMBER)
    return `must be ${MIN_DOCUMENT_NUMBER}-${MAX_DOCUMENT_NUMBER} characters, as printed on the document (no check digit)`;
  return null;
}

/** What no real document of this type and issuer could print, or null when the number is plausible. */
export function documentNumberProblem(documentNumber: string, documentType: string, issuer: string): string | null {
  const shape = documentNumberShapeProblem(documentNumber);
  if (shape) return shape;
  const format = KNOWN_FORMATS.find((f) => f.documentType === documentType && f.issuer === issuer);
  if (format && !format.pattern.test(documentNumber))
    return `is not a ${issuer} ${documentType} number: ${format.described}`;
  return null;
}

/**
 * The document number and its check digit as an MRZ line holds them: TD3 (passport, 2 lines of
 * 44) line 2 starts with the number and its check digit; TD1 (cards, 3 lines of 30) line 1 holds
 * them at positions 6-15, with a long number overflowing into the optional data (ICAO 9303 Part 5,
 * 4.2.4). Returns the number, or a problem.
 */
export function mrzDocumentNumber(line: string): { number: string } | { problem: string } {
  const mrz = line.trim().toUpperCase();
  if (!/^[A-Z0-9<]+$/.test(mrz)) return { problem: 'must hold only A-Z, 0-9 and <, as the MRZ prints them' };
  let field: string;
  let digit: string;
  let overflow = '';
  if (mrz.length === 44) {
    field = mrz.slice(0, 9);
    digit = mrz.slice(9, 10);
  } else if (mrz.length === 30) {
    field = mrz.slice(5, 14);
    digit = mrz.slice(14, 15);
    if (digit === '<') {
      // Long number: its last characters and the check digit sit in the optional data, ended by '<'.
      const rest = mrz.slice(15).split('<')[0];
      if (rest.length < 2) return { problem: 'has a filler where the document number check digit belongs' };
      overflow = rest.slice(0, -1);
      digit = rest.slice(-1);
    }
  } else {
    return {
      problem:
        'must be the TD3 passport line 2 (44 characters) or the TD1 card line 1 (30 characters) holding the document number',
    };
  }
  const body = field + overflow;
  const expected = icaoCheckDigit(body);
  if (expected === undefined || String(expected) !== digit)
    return { problem: 'has a wrong document number check digit (ICAO 9303, weights 7-3-1)' };
  return { number: body.replace(/<+$/, '') };
}
