// Normalisation for matching: two agencies write the same traveller differently (ICAO 9303
// transliteration options, Cyrillic romanisation schemes, MRZ truncation, punctuation, case), so
// every name is reduced to a "skeleton" in which those variants coincide before anything compares it.
// Pure functions, no I/O: the ingest and the CLI both call them through `prepare`.
import { countryForMatching } from '../record/countries';

// Latin letters with marks: ICAO 9303 Part 3 table A "recommended" transliteration (Ü→UE, Ö→OE,
// Å→AA, Ñ→NXX, Æ→AE, Ø→OE, ß→SS, Þ→TH). Documents may also simply drop the mark (Ü→U, Ñ→N): the
// skeleton below folds both spellings together, so the choice here only has to be one of them.
const LATIN_SPECIAL: Record<string, string> = {
  Ä: 'AE',
  Ö: 'OE',
  Ü: 'UE',
  Å: 'AA',
  Æ: 'AE',
  Ø: 'OE',
  Œ: 'OE',
  ß: 'SS',
  ẞ: 'SS',
  Ñ: 'N',
  Þ: 'TH',
  Ð: 'D',
  Đ: 'D',
  Ł: 'L',
  Ħ: 'H',
  İ: 'I',
  I: 'I',
  ı: 'I',
  Ŀ: 'L',
  Ŧ: 'T',
  Ŋ: 'N',
  ĸ: 'Q',
};

// Cyrillic as ICAO 9303 (7th edition, 2015) romanises it. Other schemes (GOST, the Russian
// passport scheme of 1997, German-style JU/JA/SCH) differ in digraphs the skeleton collapses.
const CYRILLIC: Record<string, string> = {
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Ґ: 'G',
  Д: 'D',
  Е: 'E',
  Ё: 'E',
  Є: 'IE',
  Ж: 'ZH',
  З: 'Z',
  И: 'I',
  І: 'I',
  Ї: 'I',
  Й: 'I',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ў: 'U',
  Ф: 'F',
  Х: 'KH',
  Ц: 'TS',
  Ч: 'CH',
  Ш: 'SH',
  Щ: 'SHCH',
  Ъ: 'IE',
  Ы: 'Y',
  Ь: '',
  Э: 'E',
  Ю: 'IU',
  Я: 'IA',
  Ђ: 'D',
  Ј: 'J',
  Љ: 'LJ',
  Њ: 'NJ',
  Ћ: 'C',
  Џ: 'DZ',
  Ѓ: 'G',
  Ќ: 'K',
  Ѕ: 'DZ',
};

// Greek, ICAO 9303 table.
const GREEK: Record<string, string> = {
  Α: 'A',
  Β: 'V',
  Γ: 'G',
  Δ: 'D',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'I',
  Θ: 'TH',
  Ι: 'I',
  Κ: 'K',
  Λ: 'L',
  Μ: 'M',
  Ν: 'N',
  Ξ: 'X',
  Ο: 'O',
  Π: 'P',
  Ρ: 'R',
  Σ: 'S',
  Τ: 'T',
  Υ: 'Y',
  Φ: 'F',
  Χ: 'CH',
  Ψ: 'PS',
  Ω: 'O',
};

const MARKS = /\p{M}+/gu;

/**
 * A name as the MRZ would carry it: uppercase A-Z and single spaces. Marks are transliterated
 * (ICAO recommended form) or dropped, apostrophes vanish (O'BRIEN → OBRIEN), hyphens, full stops,
 * MRZ fillers (<) and commas separate tokens. Never throws; anything else is dropped.
 */
export function mrzName(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') return '';
  const upper = raw.normalize('NFC').toUpperCase();
  let out = '';
  for (const ch of upper) {
    const code = ch.charCodeAt(0);
    if (code >= 65 && code <= 90) {
      out += ch;
      continue;
    }
    if (ch === "'" || ch === '\u2019' || ch === '`' || ch === '\u02BC') continue;
    if (ch === ' ' || ch === '-' || ch === '<' || ch === '.' || ch === ',' || ch === '\t') {
      out += ' ';
      continue;
    }
    const mapped = LATIN_SPECIAL[ch] ?? CYRILLIC[ch] ?? GREEK[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // Any other letter with marks: decompose and keep the base letter (É → E, Ç → C, Ş → S).
    const base = ch.normalize('NFD').replace(MARKS, '');
    if (/^[A-Z]+$/.test(base)) out += base;
  }
  return out.replace(/ +/g, ' ').trim();
}

// Digraph and letter variants that equivalent spellings of one name differ by. Applied in order to
// an MRZ-form token; both records go through the same reduction, so it only has to be consistent.
const SKELETON_RULES: Array<[RegExp, string]> = [
  [/NXX/g, 'N'], // Ñ → NXX (ICAO) or N
  [/SHCH|SCH/g, 'SH'], // Щ: ICAO SHCH, German SCH
  [/KH/g, 'H'], // Х: KH, H, or CH in German-style
  [/ZH/g, 'Z'], // Ж: ZH or Z (J in French-style collapses through J → I below)
  [/TS|TZ/g, 'C'], // Ц: TS, TZ, C
  [/PH/g, 'F'],
  [/AE/g, 'A'], // Ä → AE or A
  [/OE/g, 'O'], // Ö, Ø → OE or O
  [/UE/g, 'U'], // Ü → UE or U
  [/[YJ]/g, 'I'], // Й, Ю, Я: Y-, J- and I-forms (YURIY, JURIJ, IURII)
  [/W/g, 'V'],
  [/(.)\1+/g, '$1'], // doubled letters: AA for Å, IURII/IURI, SS/S
];

/** The matching form of one MRZ-form name token. */
export function skeletonToken(token: string): string {
  let s = token;
  for (const [pattern, replacement] of SKELETON_RULES) s = s.replace(pattern, replacement);
  return s;
}

/** Tokens of a name field in skeleton form, in order, empty tokens removed. */
export function nameTokens(raw: unknown): string[] {
  const mrz = mrzName(raw);
  if (mrz === '') return [];
  const out: string[] = [];
  for (const t of mrz.split(' ')) {
    const s = skeletonToken(t);
    if (s !== '') out.push(s);
  }
  return out;
}

// A compact consonant-class code (Soundex family) of a skeleton token, vowel-insensitive after the
// first letter, so typos in vowels and the transliteration leftovers still share a blocking key.
const PHONETIC_CLASS: Record<string, string> = {
  B: '1',
  F: '1',
  P: '1',
  V: '1',
  C: '2',
  G: '2',
  K: '2',
  Q: '2',
  S: '2',
  X: '2',
  Z: '2',
  D: '3',
  T: '3',
  L: '4',
  M: '5',
  N: '5',
  R: '6',
};

export function phoneticCode(skeleton: string): string {
  if (skeleton === '') return '';
  let out = skeleton[0];
  let last = PHONETIC_CLASS[skeleton[0]] ?? '';
  for (let i = 1; i < skeleton.length && out.length < 4; i++) {
    const cls = PHONETIC_CLASS[skeleton[i]];
    if (cls === undefined) {
      if (skeleton[i] !== 'H') last = ''; // vowels separate repeats; H does not (Soundex rule)
      continue;
    }
    if (cls !== last) out += cls;
    last = cls;
  }
  return out;
}

export interface BirthDate {
  /** yyyymmdd as a number, or 0 when the date is missing or impossible. */
  value: number;
  year: number;
  month: number;
  day: number;
  /** The 8 digits, for digit-level comparison; '' when missing. */
  digits: string;
}

const NO_DATE: BirthDate = { value: 0, year: 0, month: 0, day: 0, digits: '' };

/**
 * YYYY-MM-DD (also YYYYMMDD). An impossible date (2019-02-30) keeps its digits, so a typo can still
 * be compared digit by digit, but has value 0 for exact agreement only when the digits say nothing.
 */
export function birthDate(raw: unknown): BirthDate {
  if (typeof raw !== 'string') return NO_DATE;
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})/.exec(raw);
  if (!m) return NO_DATE;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return { value: year * 10000 + month * 100 + day, year, month, day, digits: m[1] + m[2] + m[3] };
}

/** Document number as the MRZ holds it: A-Z and 0-9 only, fillers and separators removed. */
export function documentNumber(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Country code in one form for comparison (D → DEU, GBD → GBR), '' when missing. */
export function countryCode(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') return '';
  return countryForMatching(raw);
}

/** Milliseconds since the epoch, or NaN when missing or unparseable. */
export function instant(raw: unknown): number {
  if (typeof raw !== 'string' || raw === '') return NaN;
  return Date.parse(raw);
}

export function sexCode(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const s = raw.trim().toUpperCase();
  if (s === 'M' || s === 'F') return s;
  if (s === 'X' || s === '<') return 'X';
  return '';
}
