// ICAO 9303 check digit: characters valued 0-9, A=10..Z=35, '<'=0, weighted 7,3,1 repeating, mod 10.
const WEIGHTS = [7, 3, 1];

function valueOf(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  if (ch === '<') return 0;
  return -1;
}

/** The check digit of `text`, or undefined when it has a character the MRZ cannot hold. */
export function icaoCheckDigit(text: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const v = valueOf(text[i]);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i % 3];
  }
  return sum % 10;
}

/**
 * Document numbers in this system carry their check digit as the last character (as the MRZ
 * prints it beside the number). True when that digit is right.
 */
export function hasValidCheckDigit(documentNumberWithDigit: string): boolean {
  if (documentNumberWithDigit.length < 2) return false;
  const body = documentNumberWithDigit.slice(0, -1);
  const digit = documentNumberWithDigit.slice(-1);
  const expected = icaoCheckDigit(body);
  return expected !== undefined && String(expected) === digit;
}

/** Appends the check digit to a document number body. */
export function withCheckDigit(body: string): string {
  const digit = icaoCheckDigit(body);
  if (digit === undefined) throw new Error('document number has a character outside 0-9, A-Z');
  return `${body}${digit}`;
}
